#!/usr/bin/env python3
"""Writes the fixtures of the export-equivalence tests into Tests/Fixtures/settlement-list:

  canonical.csv   the first 400 cases of grouper-tables/samples/chs-drg-1.1-cases.csv
                  with the canonical header (drg synth output: patient ids with
                  readmissions, dates, insurance)
  export.csv      the same cases as a 医疗保障基金结算清单-style export: the settlement
                  list's column titles and the national platform's field names, columns
                  in another order, diagnoses and procedures spread over 主要…/其他…N
                  columns, sex as 男/女, extra columns (姓名, setl_id, 证件号码,
                  门(急)诊诊断编码); UTF-8 with a byte order mark and CRLF line ends
  export-gbk.csv  export.csv in GBK (no byte order mark)
  hospitals.csv   hospital_id,name,level,region for every hospital of the cases

Deterministic: rerun after changing it and commit the result.
"""
import csv
import io
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
SOURCE = os.path.join(ROOT, "grouper-tables/samples/chs-drg-1.1-cases.csv")
OUT = os.path.join(ROOT, "Tests/Fixtures/settlement-list")
CASES = 400

with open(SOURCE, encoding="utf-8", newline="") as handle:
    rows = list(csv.DictReader(handle))[:CASES]

os.makedirs(OUT, exist_ok=True)


def write(name, header, records, encoding="utf-8", bom=False, newline="\n"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(records)
    data = buffer.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(OUT, name), "wb") as handle:
        handle.write(data)


canonical = [
    "case_id", "hospital_id", "patient_id", "insurance", "sex", "age", "age_days", "weight",
    "dept", "los", "leaving", "icu_hours", "diagnoses", "procedures", "total_cost",
    "admit_date", "discharge_date",
]
write("canonical.csv", canonical, [[row[key] for key in canonical] for row in rows])

diagnoses = [row["diagnoses"].split("|") if row["diagnoses"] else [] for row in rows]
procedures = [row["procedures"].split("|") if row["procedures"] else [] for row in rows]
other_dx = max(len(codes) for codes in diagnoses) - 1
other_px = max(len(codes) for codes in procedures) - 1

# Export columns: title, and how a row fills it.
columns = [
    ("setl_id", lambda i, r: "S%06d" % (i + 1)),
    ("定点医疗机构代码", lambda i, r: r["hospital_id"]),
    ("病案号", lambda i, r: r["case_id"]),
    ("姓名", lambda i, r: "患者%d" % (i + 1)),
    ("人员编号", lambda i, r: r["patient_id"]),
    # A second id the resolver must not prefer over 人员编号.
    ("证件号码", lambda i, r: "ID%06d" % (i + 1)),
    ("险种类型", lambda i, r: r["insurance"]),
    ("性别", lambda i, r: {"1": "男", "2": "女"}.get(r["sex"], r["sex"])),
    ("年龄", lambda i, r: r["age"]),
    ("年龄不足1周岁的年龄(天)", lambda i, r: r["age_days"]),
    ("出生体重(g)", lambda i, r: r["weight"]),
    ("入院日期", lambda i, r: r["admit_date"]),
    ("出院日期", lambda i, r: r["discharge_date"]),
    ("出院科别", lambda i, r: r["dept"]),
    ("实际住院天数", lambda i, r: r["los"]),
    ("离院方式", lambda i, r: r["leaving"]),
    ("重症监护时长（小时）", lambda i, r: r["icu_hours"]),
    ("门(急)诊诊断编码", lambda i, r: diagnoses[i][0] if diagnoses[i] else ""),
    ("主要诊断代码", lambda i, r: diagnoses[i][0] if diagnoses[i] else ""),
]
for n in range(1, other_dx + 1):
    columns.append(
        ("其他诊断疾病代码%d" % n,
         lambda i, r, n=n: diagnoses[i][n] if n < len(diagnoses[i]) else ""))
columns.append(("主要手术及操作代码", lambda i, r: procedures[i][0] if procedures[i] else ""))
for n in range(1, other_px + 1):
    columns.append(
        ("其他手术及操作代码%d" % n,
         lambda i, r, n=n: procedures[i][n] if n < len(procedures[i]) else ""))
columns.append(("医疗费总额(元)", lambda i, r: r["total_cost"]))

header = [title for title, _ in columns]
records = [[fill(i, row) for _, fill in columns] for i, row in enumerate(rows)]
write("export.csv", header, records, bom=True, newline="\r\n")
write("export-gbk.csv", header, records, encoding="gbk", newline="\r\n")

hospitals = sorted({row["hospital_id"] for row in rows})
levels = ["A", "B", "C"]
write(
    "hospitals.csv", ["hospital_id", "name", "level", "region"],
    [[h, "第%d人民医院" % (k + 1), levels[k % 3], "东部医共体" if k % 2 else "城区"]
     for k, h in enumerate(hospitals)])
print("wrote %d cases (%d other diagnoses, %d other procedures) and %d hospitals to %s"
      % (len(rows), other_dx, other_px, len(hospitals), OUT))
