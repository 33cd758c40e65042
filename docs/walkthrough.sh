#!/usr/bin/env bash
# Takes one dossier from filing to a 4-star certificate over HTTP against `make run` (needs curl, python3).
set -eu
B=http://127.0.0.1:5000/api/v1
j() { python3 -c "import sys,json; d=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
tok() { curl -s -X POST $B/auth/token -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"ocop-demo-2026\"}" | j 'd["access_token"]'; }
P=$(tok producer.huongkhe)
D=$(curl -s -X POST $B/dossiers -H "Authorization: Bearer $P" -H 'Content-Type: application/json' -d '{"process_key":"ocop_evaluation","commune":"18101","kind":"first_time","data":{"producer":{"name":"HTX Hương Khê","type":"cooperative","address":"Hương Khê, Hà Tĩnh","phone":"0912345678"},"product":{"name":"Bưởi Phúc Trạch","group":"food"}}}')
echo "$D" | j '(d["id"], d["registration_number"], d["open_tasks"][0]["element_id"], d["open_tasks"][0]["due_at"])'
ID=$(echo "$D" | j 'd["id"]')
act() { # user element data
  T=$(tok $1)
  TID=$(curl -s "$B/tasks?dossier_id=$ID" -H "Authorization: Bearer $T" | j "[t['id'] for t in d['items'] if t['element_id']=='$2'][0]")
  curl -s -o /dev/null -w "claim %{http_code} " -X POST $B/tasks/$TID/claim -H "Authorization: Bearer $T"
  curl -s -o /dev/null -w "complete %{http_code}  $1 $2\n" -X POST $B/tasks/$TID/complete -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d "{\"data\": $3}"
}
act officer.huongkhe commune_review '{"complete":true,"local_raw_materials":true,"local_labour":true,"idea_origin":true,"local_identity":true,"mau03_report_number":"12/BC-UBND","proposal_letter_number":"13/TTr-UBND","samples_sent":true}'
act office.hatinh office_check '{"complete":true}'
act advisory.hatinh advisory_review '{"supplement_needed":false,"site_survey_done":true,"lab_tests_required":false,"report":"OK"}'
act council1.hatinh council_scoring '{"part_a":30,"part_b":20,"part_c":28,"minimum_star":5}'
act council2.hatinh council_scoring '{"part_a":32,"part_b":19,"part_c":27,"minimum_star":4}'
act council3.hatinh council_scoring '{"part_a":31,"part_b":21,"part_c":26,"minimum_star":4}'
act chair.hatinh chair_decision '{"approved":true,"decision_number":"2345/QĐ-UBND","certificate_number":"HT-2026-041","issue_date":"2026-11-25"}'
act office.hatinh notify_result '{"notice_number":"99/TB","notified_commune":true,"notified_producer":true,"sent_date":"2026-11-30"}'
curl -s $B/dossiers/$ID -H "Authorization: Bearer $(tok office.hatinh)" | j '(d["state"], d["score"], d["stars"], d["certificate"], len(d["history"]))'
curl -s -o /dev/null -w "other commune officer sees it: %{http_code}\n" $B/dossiers/$ID -H "Authorization: Bearer $(tok officer.huongpho)"
