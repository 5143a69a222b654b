"""Writes tests/data/问题清单-示例县.xlsx: a county's problem list in the shape offices keep it.

Run ``python tests/data/make_sample_ledger.py`` after changing it and commit both files. The sheet
has what real lists have: a merged title row, a 填报单位/填报日期 row, a blank row, the header
(序号, 问题来源, 存在问题, 法律依据, 牵头单位, 配合单位, 督办单位, 完成时限, 整改措施, 进展情况, 状态, 备注),
section rows merged across the sheet, blank rows between sections, a closing note, 序号 written
as text and with full-width digits, deadlines in many spellings, several units in one cell and
empty statuses. A person reading it finds 13 problems in 5 categories.
"""
from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

OUT = Path(__file__).with_name("问题清单-示例县.xlsx")
TITLE = "示例县人大常委会“积极应对人口老龄化\u3000加快发展养老服务”联动监督问题清单"
HEADER = ("序号", "问题来源", "存在问题", "法律依据", "牵头单位", "配合单位", "督办单位", "完成时限",
          "整改措施", "进展情况", "状态", "备注")
SHE = "社会建设委员会"
JIAO = "教育科学文化卫生工作委员会"
TIAOLI = "《河南省养老服务条例》"
# (section title, [(序号, 来源, 问题, 依据, 牵头, 配合, 督办, 时限, 措施, 进展, 状态, 备注)])
SECTIONS = (
    ("一、养老服务设施建设方面", [
        ("1", "执法检查", "城区新建住宅小区未按每百户不低于２０平方米标准配建养老服务用房，已建成的３个小区配建用房被挪作他用。",
         TIAOLI + "第十七条", "县自然资源局", "县住房和城乡建设局、县民政局", SHE, "2024年12月31日",
         "对已建小区逐一核查，限期收回挪用用房。", "已核查３个小区，收回１处。", "整改中", None),
        ("2", "专题调研", "部分乡镇敬老院设施陈旧，消防设施不达标，转型为区域性养老服务中心进展缓慢。",
         TIAOLI + "第二十二条", "县民政局", "各乡镇人民政府", SHE, "2025/6/30", "制定敬老院转型三年计划。",
         None, "未整改", "需跨年度推进"),
        ("３", "暗访调查", "农村幸福院存在“建而不用”现象，部分幸福院大门长期上锁。", None, "县民政局", "各乡镇人民政府",
         SHE, "2024.10.31", "开展农村幸福院运营情况专项排查。", "已排查幸福院４６个，督促恢复运营１２个。", "整改中", None),
        ("4", "上级交办", "中央预算内投资养老项目建成后后期监管不到位，个别项目未投入运营。", None, "县发展和改革委员会",
         "县民政局", "财政经济委员会", "立行立改", "已督促项目运营方完成设备安装。", "项目已投入运营。", "已整改",
         "省人大常委会交办"),
    ]),
    ("二、医养结合方面", [
        ("5", "专题调研", "医养结合机构数量少，养老机构内设医务室比例低，医养床位转换手续繁琐。", TIAOLI + "第三十五条",
         "县卫生健康委员会", "县民政局、县医疗保障局", JIAO, "2024年11月30日", "简化医养床位转换审批流程。", None,
         "整改中", None),
        ("６", "群众反映", "居家失能老年人上门医疗服务难以获得，家庭医生签约服务“签而不约”。", None, "县卫生健康委员会",
         None, JIAO, "长期坚持", None, None, None, None),
    ]),
    ("三、老年助餐方面", [
        ("7", "常委会审议", "部分老年助餐点餐食质量不高，食品安全管理制度不健全，缺少留样记录。",
         "《中华人民共和国食品安全法》第五十七条", "县市场监督管理局", "县民政局", SHE, "6月底",
         "对全县助餐点开展食品安全专项检查。", "已检查助餐点２８个，责令整改５个。", "整改中", None),
        ("8", "政府自查", "老年助餐点布局不均衡，城区集中、农村偏少，部分助餐点运营补贴未及时拨付。", None, "县民政局",
         "县财政局", SHE, "2024-12-31", None, None, "未整改", None),
    ]),
    ("四、人才队伍方面", [
        ("９", "执法检查", "养老护理员持证上岗率低，入职补贴、岗位津贴发放不及时。", TIAOLI + "第五十一条",
         "县人力资源和社会保障局", "县民政局、县财政局", SHE, "2024年9月30日", "已出台补贴发放办法。", "补贴已发放到位。",
         "已销号", None),
        ("10", "代表建议", "基层养老服务人员待遇偏低、流失严重，缺乏职业发展通道。", None, "县人力资源和社会保障局", None,
         "代表工作委员会", "年底前", None, None, None, None),
    ]),
    ("五、居家社区养老和适老化改造方面", [
        ("11", "专题调研", "老旧小区适老化改造推进缓慢，加装电梯、无障碍通道等改造项目完成率偏低。", None,
         "县住房和城乡建设局", "县民政局、各街道办事处", "城乡建设环境保护工作委员会", "2025年6月",
         "制定老旧小区适老化改造计划。", "已完成７４．４％", "整改中", None),
        (12, "群众反映", "智慧养老服务平台利用率不高，老年人及家属知晓率低。", None, "县民政局", "县工业和信息化局", SHE,
         "２０２４年１１月３０日", None, None, "整改中", None),
        ("13", "政府自查", "特殊困难老年人家庭适老化改造覆盖面窄，改造标准不统一。", None, "县民政局", "县残疾人联合会", SHE,
         "2024年10月", None, None, None, None),
    ]),
)
WIDTHS = (6, 10, 40, 22, 18, 22, 16, 14, 26, 22, 8, 12)


def build(path: Path = OUT) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    last = len(HEADER)

    def merged_line(text: str, font: Font) -> None:
        ws.append([text])
        r = ws.max_row
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
        ws.cell(r, 1).font = font

    merged_line(TITLE, Font(name="方正小标宋简体", size=16))
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(["填报单位：县人大常委会社会建设委员会"] + [None] * 8 + ["填报日期：2024年8月12日"])
    ws.append([])
    ws.append(list(HEADER))
    for c in range(1, last + 1):
        ws.cell(4, c).font = Font(name="黑体", bold=True)
        ws.cell(4, c).border = box
    for i, (title, problems) in enumerate(SECTIONS):
        if i:
            ws.append([])
        merged_line(title, Font(name="黑体"))
        for p in problems:
            ws.append(list(p))
            for c in range(1, last + 1):
                ws.cell(ws.max_row, c).border = box
                ws.cell(ws.max_row, c).alignment = wrap
    ws.append([])
    ws.append(["注：状态为空的问题尚未交办。"])
    for c, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[ws.cell(4, c).column_letter].width = w
    wb.save(path)
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
