// The diagram editors' own words (bpmn-js palette and context pad, dmn-js decision table) in the page's
// language: a diagram-js `translate` service reading this table when the page is Vietnamese.
const VI = {
  // diagram-js / bpmn-js tools
  'Activate hand tool': 'Công cụ kéo sơ đồ', 'Activate lasso tool': 'Công cụ chọn vùng',
  'Activate create/remove space tool': 'Công cụ thêm/bớt khoảng trống', 'Activate global connect tool': 'Công cụ nối',
  'Create start event': 'Thêm sự kiện bắt đầu', 'Create end event': 'Thêm sự kiện kết thúc',
  'Create intermediate/boundary event': 'Thêm sự kiện trung gian/biên', 'Create gateway': 'Thêm cổng rẽ nhánh',
  'Create task': 'Thêm bước', 'Create expanded sub-process': 'Thêm quy trình con', 'Create group': 'Thêm nhóm',
  'Create pool/participant': 'Thêm bể/bên tham gia', 'Create data object reference': 'Thêm đối tượng dữ liệu',
  'Create data store reference': 'Thêm kho dữ liệu', 'Append task': 'Nối một bước', 'Append end event': 'Nối sự kiện kết thúc',
  'Append gateway': 'Nối cổng rẽ nhánh', 'Append intermediate/boundary event': 'Nối sự kiện trung gian/biên',
  'Append timer intermediate catch event': 'Nối sự kiện hẹn giờ', 'Change element': 'Đổi loại phần tử',
  'Connect to other element': 'Nối tới phần tử khác', 'Connect using association': 'Nối bằng liên kết',
  'Add text annotation': 'Thêm ghi chú', 'Add lane above': 'Thêm làn phía trên', 'Add lane below': 'Thêm làn phía dưới',
  'Divide into two lanes': 'Chia thành hai làn', 'Divide into three lanes': 'Chia thành ba làn', Delete: 'Xoá',
  // dmn-js decision table
  When: 'Khi', Then: 'Thì', Annotation: 'Ghi chú', Annotations: 'Ghi chú', 'Hit policy': 'Chính sách áp dụng',
  'Hit policy:': 'Chính sách áp dụng:', 'View DRD': 'Xem sơ đồ quyết định', Unique: 'Duy nhất', First: 'Quy tắc đầu tiên',
  Priority: 'Ưu tiên', Any: 'Bất kỳ', Collect: 'Gom tất cả', 'Rule order': 'Theo thứ tự quy tắc',
  'Output order': 'Theo thứ tự kết quả', 'Add rule': 'Thêm quy tắc', 'Add rule above': 'Thêm quy tắc phía trên',
  'Add rule below': 'Thêm quy tắc phía dưới', 'Remove rule': 'Xoá quy tắc', 'Copy rule': 'Sao chép quy tắc',
  'Cut rule': 'Cắt quy tắc', 'Paste rule above': 'Dán quy tắc phía trên', 'Paste rule below': 'Dán quy tắc phía dưới',
  'Add input': 'Thêm đầu vào', 'Add output': 'Thêm kết quả', 'Add input column left': 'Thêm cột đầu vào bên trái',
  'Add input column right': 'Thêm cột đầu vào bên phải', 'Add output column left': 'Thêm cột kết quả bên trái',
  'Add output column right': 'Thêm cột kết quả bên phải', 'Remove input column': 'Xoá cột đầu vào',
  'Remove output column': 'Xoá cột kết quả', 'Input label': 'Nhãn đầu vào', 'Output label': 'Nhãn kết quả',
  'Input expression': 'Biểu thức đầu vào', 'Output name': 'Tên kết quả', 'Input type': 'Kiểu đầu vào',
  'Output type': 'Kiểu kết quả', 'Input values': 'Giá trị đầu vào', 'Output values': 'Giá trị kết quả',
  'Predefined values': 'Giá trị định sẵn', 'Add predefined values': 'Thêm giá trị định sẵn',
  'Clear predefined values': 'Bỏ giá trị định sẵn', 'Add values': 'Thêm giá trị', 'No values': 'Không có giá trị',
  'Expression language': 'Ngôn ngữ biểu thức', 'Change cell expression language': 'Đổi ngôn ngữ biểu thức của ô',
  'Add cell description': 'Thêm mô tả ô', 'Remove cell description': 'Bỏ mô tả ô', 'Enter expression': 'Nhập biểu thức',
  'Strings must be in double quotes': 'Chuỗi phải đặt trong dấu nháy kép', Type: 'Kiểu', Value: 'Giá trị',
  Values: 'Giá trị', Input: 'Đầu vào', Output: 'Kết quả', Expression: 'Biểu thức', Edit: 'Sửa', Yes: 'Có', No: 'Không',
  Equals: 'Bằng', Less: 'Nhỏ hơn', Greater: 'Lớn hơn', 'Less or equals': 'Nhỏ hơn hoặc bằng',
  'Greater or equals': 'Lớn hơn hoặc bằng', Range: 'Khoảng', Comparison: 'So sánh', 'Edit number': 'Sửa số',
  'Edit string': 'Sửa chuỗi', 'Edit boolean': 'Sửa giá trị đúng/sai', 'Decision name': 'Tên quyết định',
  'Decision name: ': 'Tên quyết định: ', 'Input label: ': 'Nhãn đầu vào: ', 'Output label: ': 'Nhãn kết quả: ',
  'Input expression: ': 'Biểu thức đầu vào: ', 'Output name: ': 'Tên kết quả: ', Resize: 'Đổi độ rộng',
  'Move rule': 'Di chuyển quy tắc',
  'No overlap is possible and all rules are disjoint. Only a single rule can be matched':
    'Các quy tắc không chồng lấn nhau; chỉ một quy tắc khớp.',
  'Rules may overlap. The first matching rule will be chosen': 'Quy tắc có thể chồng lấn; chọn quy tắc khớp đầu tiên.',
  'Rules may overlap. The one with the highest priority will be chosen':
    'Quy tắc có thể chồng lấn; chọn quy tắc có mức ưu tiên cao nhất.',
  'Rules may overlap. Their output have to match': 'Quy tắc có thể chồng lấn; kết quả của chúng phải giống nhau.',
  'Collects the values of all matching rules': 'Gom giá trị của mọi quy tắc khớp.',
  'Collects the values of all matching rules in rule order': 'Gom giá trị của mọi quy tắc khớp, theo thứ tự quy tắc.',
};

function translate(template, replacements) {
  const table = document.documentElement.lang === 'vi' ? VI : {};
  const text = table[template] || template;
  return text.replace(/{([^}]+)}/g, (_, key) => (replacements && key in replacements ? replacements[key] : `{${key}}`));
}

export const translateModule = { translate: ['value', translate] };
