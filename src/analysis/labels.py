"""Chinese names for what readers see: tables, columns, verdicts (data keys stay English)."""

from __future__ import annotations

from .domain import TABLES

TABLE_ZH = TABLES  # one home for the nine tables' names: domain

COLUMN_ZH = {
    "amount": "金额", "total": "合计", "basic": "基本支出", "project": "项目支出", "fiscal": "财政拨款收入",
    "general_budget": "一般公共预算财政拨款", "gov_fund": "政府性基金预算财政拨款", "soe_capital": "国有资本经营预算财政拨款",
    "business": "事业收入", "operating": "经营收入/支出", "other": "其他收入", "superior_subsidy": "上级补助收入",
    "subsidiary_remit": "附属单位上缴收入", "subsidy_subsidiary": "对附属单位补助支出", "remit_superior": "上缴上级支出",
    "opening_balance": "年初结转和结余", "closing_balance": "年末结转和结余", "income": "本年收入",
}
_THREE_PUBLIC_PARTS = {"total": "合计", "abroad": "因公出国（境）费", "vehicle": "公务用车购置及运行费",
                       "vehicle_purchase": "公务用车购置费", "vehicle_operation": "公务用车运行费", "reception": "公务接待费"}
for _stage, _zh in (("budget", "预算数"), ("actual", "决算数")):
    for _part, _pzh in _THREE_PUBLIC_PARTS.items():
        COLUMN_ZH[f"{_stage}_{_part}"] = f"{_zh}·{_pzh}"

SIDE_ZH = {"income": "收入", "expenditure": "支出"}

STATUS_ZH = {"pass": "通过", "warn": "警告", "fail": "不符", "not_applicable": "不适用", "insufficient_data": "数据不足"}

CATEGORY_ZH = {"table": "表内", "hierarchy": "类款项", "cross_table": "表间", "narrative": "文字说明",
               "performance": "绩效", "text": "文本", "year_on_year": "跨年"}


def table_zh(key: str) -> str:
    return TABLE_ZH.get(key, key)


def column_zh(key: str) -> str:
    return COLUMN_ZH.get(key, key)

# Subjects the checks name by key (sums the text states, nil statements)
SUBJECT_ZH = {
    "procurement_parts": "政府采购：货物 + 工程 + 服务 = 总额",
    "vehicle_operation_parts": "公务用车运行费：燃油 + 维修 + 保险 + 其他",
    "vehicle_count_parts": "公务用车：各类车辆数之和",
    "three_public_parts": "“三公”经费：出国 + 用车 + 接待",
    "vehicle_parts": "公务用车：购置费 + 运行费",
    "three_public_vehicle_count": "“三公”经费开支的车辆 ≤ 车辆总数",
    "procurement_sme": "授予中小企业合同 ≤ 采购总额",
    "procurement_micro": "授予小微企业合同 ≤ 中小企业合同",
    "project_list": "所列项目之和 = 项目支出",
    "gov_fund_none": "政府性基金预算财政拨款",
    "soe_capital_none": "国有资本经营预算财政拨款",
    "three_public_none": "“三公”经费",
}

_KEY = None


def zh_subject(text: str) -> str:
    """A finding's subject for readers: table, column and subject keys in Chinese (PDF text as is)."""
    import re

    global _KEY
    if _KEY is None:
        _KEY = re.compile(r"[a-z][a-z0-9_]*[a-z0-9]")
    names = {**COLUMN_ZH, **TABLE_ZH, **SUBJECT_ZH}
    # A data key with no Chinese name (a narrative fact's key, say) is left out rather than shown
    # in English: the finding's own label, page and crops still say what it is about.
    said = _KEY.sub(lambda m: names.get(m.group(0), "" if "_" in m.group(0) else m.group(0)), str(text or ""))
    return said.strip(" ;；,，/")

# Why a department's run failed, for the index (the reason itself, English, follows as detail).
# Keys are the start of the reason line (the exception's name, or the runner's own words).
FAILURE_ZH = {
    "NotAPdfError": "不是可读的 PDF 文件（可能下载失败），请重新获取",
    "BrokenPdfError": "PDF 文件损坏或不完整，请重新下载",
    "EncryptedPdfError": "PDF 已加密，需要无密码的版本",
    "NoTextLayerError": "PDF 没有文字层，文字识别（OCR）也未读出文字",
    "OcrUnavailableError": "文字识别（OCR）组件无法加载，请重新安装 juesuan",
    "NotFinalAccountsError": "不是部门决算报告（例如部门预算），未处理",
    "TableStructureError": "表格结构无法读出",
    "JavaMissingError": "未安装 Java（读表需要）",
    "FontMissingError": "未找到中文字体（画图需要）",
    "DiskFullError": "磁盘已满，请清理后重新运行",
    "disk full": "磁盘已满，请清理后重新运行",
    "timed out": "运行超时（报告过大或程序卡住）",
    "DeadKernelError": "运行进程意外终止（可能内存不足）",
    "AssertionError": "数据检查未通过（见执行记录）",
}


def failure_zh(reason: str) -> str:
    """The Chinese gist of a failure reason; a generic one when it is none of the known kinds."""
    head = str(reason or "").strip()
    return next((zh for key, zh in FAILURE_ZH.items() if head.startswith(key)), "运行出错（见执行记录）")
