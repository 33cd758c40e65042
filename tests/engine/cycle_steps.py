"""The cycle's processes (bpmn/ocop_idea_registration.bpmn, bpmn/ocop_business_plan.bpmn) for tests: their
lanes and deadlines, what each lane's user submits, and a runner that validates the start data and every
step against its form (straight, or saving and restoring the instance after every step)."""

from __future__ import annotations

from typing import Any

from workflow_service.engine.runtime import ProcessRuntime

from .chain_runner import Chain, Step, step, validate

IDEA = Chain("ocop_idea_registration.bpmn", "ocop_idea_registration",
             {"commune_review_idea": "commune_officer", "district_select_idea": "district_officer",
              "province_select_idea": "province_office"}, {},
             {"commune_review_idea": "plan:idea-registration", "district_select_idea": "plan:idea-selection",
              "province_select_idea": "plan:idea-selection"}, start_lane="applicant")
PLAN = Chain("ocop_business_plan.bpmn", "ocop_business_plan",
             {"district_evaluate_plan": "district_officer", "province_evaluate_plan": "province_office",
              "revise_business_plan": "applicant", "district_approve_plan": "district_chair",
              "province_approve_plan": "province_chair", "report_progress": "applicant",
              "follow_up_plan": "commune_officer"}, {},
             {"district_evaluate_plan": "plan:business-plans", "province_evaluate_plan": "plan:business-plans",
              "district_approve_plan": "plan:business-plans", "province_approve_plan": "plan:business-plans",
              "report_progress": "plan:development-support", "follow_up_plan": "plan:development-support"})

PRODUCER = {"name": "HTX Chè Ba Tơ", "type": "cooperative", "address": "Thôn Gò Ghềnh, xã Ba Tơ, Quảng Ngãi",
            "phone": "0912 345 678"}
IDEA_FORM = {"producer": PRODUCER, "product": {
    "name": "Trà dây Ba Tơ", "group": "beverage",
    "description": "Trà dây rừng sấy khô, đóng gói; nguyên liệu thu hái tại xã, chế biến theo cách của đồng bào Hrê."}}
PLAN_FORM = {"plan": {"title": "Phương án sản xuất trà dây Ba Tơ 2025",
                      "objectives": "Xây dựng xưởng sấy, bao bì, truy xuất nguồn gốc; 5 tấn mỗi năm.",
                      "investment_million_vnd": 850, "own_capital_million_vnd": 300, "duration_months": 12}}

FORWARD = step("commune_review_idea", idea_forwarded=True, commune_opinion="Ý tưởng có tiềm năng, nguyên liệu sẵn.")
NOT_FORWARDED = step("commune_review_idea", idea_forwarded=False, commune_opinion="Chưa rõ nguồn nguyên liệu.",
                     return_reason="Chủ thể chưa có vùng nguyên liệu ổn định.")


def selected(element_id: str, number: str = "125/QĐ-UBND", day: str = "2025-05-20") -> Step:
    return step(element_id, idea_selected=True, selection_decision_number=number, selection_decision_date=day)


def not_selected(element_id: str) -> Step:
    return step(element_id, idea_selected=False, selection_notes="Trùng với sản phẩm đã có trên địa bàn.")


def eligible(element_id: str) -> Step:
    return step(element_id, plan_eligible=True, plan_evaluation_notes="Phương án khả thi.")


def needs_revision(element_id: str) -> Step:
    return step(element_id, plan_eligible=False, plan_evaluation_notes="Thiếu phương án thị trường.",
                plan_missing_items="Bổ sung kênh tiêu thụ và dự toán bao bì.")


REVISED = step("revise_business_plan", revision_summary="Đã bổ sung kênh tiêu thụ, dự toán bao bì.")


def approved(element_id: str, number: str = "88/QĐ-UBND", day: str = "2025-06-15") -> Step:
    return step(element_id, plan_approved=True, approval_decision_number=number, approval_decision_date=day)


def rejected(element_id: str) -> Step:
    return step(element_id, plan_approved=False, approval_notes="Chưa bố trí được vốn đối ứng.")


def progress(finished: bool, percent: int) -> Step:
    return step("report_progress", progress_report="Đã lắp máy sấy, thử nghiệm 3 mẻ.", progress_percent=percent,
                implementation_finished=finished)


def follow_up(closed: bool) -> Step:
    return step("follow_up_plan", support_note="Hướng dẫn đăng ký mã vạch, kết nối đơn vị thiết kế bao bì.",
                follow_up_closed=closed)


class CycleRun:
    """One idea or plan instance; the start data checked by the start form, each step by its form."""

    def __init__(self, runtime: ProcessRuntime, chain: Chain, form: dict[str, Any], start: dict[str, Any],
                 roundtrip: bool):
        assert runtime.bundle.start_form is not None
        validate(runtime.bundle.start_form, form)
        self.runtime, self.chain, self.roundtrip = runtime, chain, roundtrip
        self.instance = runtime.start({**form, **start})
        self._stepped()

    def _stepped(self) -> None:
        if self.roundtrip:
            self.instance = self.runtime.load(self.runtime.dump(self.instance))
        for task in self.instance.ready_tasks():
            assert task.lane == self.chain.lane_of[task.element_id], task

    def ready(self) -> list[str]:
        return sorted(t.element_id for t in self.instance.ready_tasks())

    def run(self, *steps: Step) -> None:
        for element_id, data in steps:
            [task] = [t for t in self.instance.ready_tasks() if t.element_id == element_id] or [None]
            assert task is not None, f"expected {element_id} to be ready, ready: {self.ready()}"
            validate(task.form_file, data)
            self.instance.complete(task.id, data)
            self._stepped()

    @property
    def data(self) -> dict[str, Any]:
        return self.instance.data
