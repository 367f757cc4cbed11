"""The eleven ledgers (台账): the one declaration behind tables, templates, validation and docs."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

# Column types. The importer parses each, the store maps each to a DuckDB type.
TEXT, INT, NUMBER, DATE, MONTH, YEAR, BOOL, CHOICE, COUNTY, MILESTONE, CREDIT_CODE = (
    "text", "int", "number", "date", "month", "year", "bool", "choice", "county", "milestone", "credit_code",
)

SQL_TYPES = {
    TEXT: "VARCHAR", INT: "BIGINT", NUMBER: "DOUBLE", DATE: "DATE", MONTH: "DATE",
    YEAR: "INTEGER", BOOL: "BOOLEAN", CHOICE: "VARCHAR", COUNTY: "VARCHAR", MILESTONE: "VARCHAR",
    CREDIT_CODE: "VARCHAR",
}

TYPE_LABELS = {
    TEXT: "文本", INT: "整数", NUMBER: "数值", DATE: "日期", MONTH: "年月", YEAR: "年度",
    BOOL: "是/否", CHOICE: "选项", COUNTY: "县（市、区）", MILESTONE: "工作节点",
    CREDIT_CODE: "统一社会信用代码",
}

YES_WORDS = ("是", "有", "√", "✓", "✔", "Y", "y", "yes", "Yes", "YES", "1", "TRUE", "True", "true", "对")
NO_WORDS = ("否", "无", "×", "✗", "✘", "N", "n", "no", "No", "NO", "0", "FALSE", "False", "false", "不是", "没有")
# A yes/no column whose question the domain lets stand open ("not yet"): its `pending` words, the first of which
# is the third answer it stores and shows. Words for "not yet assessed" that any assessment column reads so.
NOT_YET_ASSESSED = ("未评估", "待评估", "评估中", "尚未评估", "暂未评估", "未验收", "待验收")


@dataclass(frozen=True)
class Column:
    """One column of a ledger as people fill it in and as the database stores it."""

    name: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    unit: str = ""
    help: str = ""
    example: object = None
    # A three-valued yes/no column: the words of its third answer ("not yet"), the stored one first; empty for
    # a plain yes/no column. Rates over such a column count only the rows answered yes or no.
    pending: tuple[str, ...] = ()

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header wording that names this column, the label first."""
        return (self.label, *self.aliases)

    @property
    def sql_type(self) -> str:
        # A three-valued column stores its answers as words ('是', '否', '未评估'): blank stays NULL, apart from "not yet".
        return "VARCHAR" if self.three_valued else SQL_TYPES[self.type]

    @property
    def three_valued(self) -> bool:
        return self.type == BOOL and bool(self.pending)

    @property
    def type_label(self) -> str:
        """The column's type as the 说明 sheet and the 数据说明 page name it."""
        return "/".join(self.answers) if self.three_valued else TYPE_LABELS[self.type]

    @property
    def answers(self) -> tuple[str, ...]:
        """A yes/no column's answers as templates offer them and a three-valued column stores them: yes, no, and
        for a three-valued column its own word for "not yet"."""
        return (self.yes_words[0], self.no_words[0], *self.pending[:1])

    @property
    def yes_words(self) -> tuple[str, ...]:
        return self.yes + YES_WORDS

    @property
    def no_words(self) -> tuple[str, ...]:
        return self.no + NO_WORDS


@dataclass(frozen=True)
class Rule:
    """A check across columns of one row: `check` gets the row's parsed values of `columns`, in that order, and
    returns False on a breach. A row where any of them is blank is not judged."""

    code: str
    columns: tuple[str, ...]
    message: str
    check: Callable[..., bool]


REPLACE, APPEND = "replace", "append"


@dataclass(frozen=True)
class Ledger:
    """One 台账: what a row is, how uploads combine, and its columns.

    mode REPLACE: an upload replaces the county's earlier rows for the same period
    (`period_column`); mode APPEND: uploads add rows, and a row whose `identity`
    matches an active row is a duplicate. In every ledger two rows of one file
    with the same `identity` are a duplicate. `time_column` places a row in time
    for the dashboards' as-of date.
    """

    key: str
    name: str
    row: str
    mode: str
    time_column: str
    columns: tuple[Column, ...]
    period_column: str | None = None
    identity: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    workstream: str | None = None
    help: str = ""

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.key} has no column {name}")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def table(self) -> str:
        return f"ledger_{self.key}"


COUNTY_COLUMN = Column(
    "county", "县（市、区）", COUNTY,
    aliases=("县区", "县(市、区)", "所属县（市、区）", "所属县区", "县市区", "所属地区", "地区", "区县", "所在县区", "单位所在地"),
    required=True, help="18个县（市、区）、市本级或功能区；旧称（如赣县、南康市、龙南县）会自动换成现名", example="章贡区",
)


def _period(label: str = "填报期", help: str = "本表数据所属年月；不填时取表头“填报日期”或上传时选择的年月") -> Column:
    return Column(
        "period", label, MONTH,
        aliases=("统计期", "填报月份", "统计月份", "所属期", "报告期", "统计期间", "月份"),
        help=help, example="2021-06",
    )


def _year(label: str, aliases: tuple[str, ...] = ()) -> Column:
    return Column("year", label, YEAR, aliases=(*aliases, "年度", "年份", "所属年度"), required=True, example=2021)


def _gold(what: str) -> Column:
    return Column("gold", f"是否金牌{what}", BOOL, aliases=("是否金牌", "金牌", "金牌（是/否）"), example="否")


ENTERPRISE_NAME = Column(
    "name", "企业名称", TEXT,
    aliases=("单位名称", "企业（单位）名称", "用人单位名称", "名称", "企业"), required=True, example="赣州某某电子有限公司",
)

INDUSTRY = Column("industry", "所属行业", TEXT, aliases=("行业", "行业类别", "行业分类"), example="电子信息")


LEDGERS: tuple[Ledger, ...] = (
    Ledger(
        "social_org", "协调劳动关系社会组织台账", "一个社会组织", REPLACE, "period",
        period_column="period", workstream="social_org", identity=("name", "county", "period"),
        help="各地协调劳动关系三方建立辖区内协调劳动关系社会组织台账，动态掌握数量、规模、行业分布和工作开展情况。",
        columns=(
            Column("name", "社会组织名称", TEXT, aliases=("组织名称", "单位名称", "名称", "社会组织"), required=True,
                example="章贡区劳动关系服务协会"),
            COUNTY_COLUMN,
            Column("industry", "服务行业", TEXT, aliases=("行业分布", "所属行业", "服务领域", "行业"), example="制造业"),
            Column("staff", "工作人员数量", INT, aliases=("工作人员数", "人员数量", "工作人员", "从业人员数"), unit="人", example=12),
            Column("scale", "规模状况", TEXT, aliases=("规模", "组织规模"), example="中型"),
            Column("work", "工作开展情况", TEXT, aliases=("开展工作情况", "主要工作", "工作情况"), example="普法宣传、劳动争议调解"),
            Column("demo_point", "是否示范点", BOOL, aliases=("示范点", "协调劳动关系社会组织示范点"), example="否"),
            _gold("社会组织"),
            Column("gold_year", "金牌选树年度", YEAR, aliases=("选树年度", "金牌年度"), example=None),
            _period(),
        ),
    ),
    Ledger(
        "coordinator", "劳动关系协调员（师）台账", "一名劳动关系协调员（师）", REPLACE, "period",
        period_column="period", workstream="coordinator", identity=("name", "employer", "county", "period"),
        help="基层劳动关系协调员（师）数据信息台账：构成、分布、取证和金牌选树情况。",
        columns=(
            Column("name", "姓名", TEXT, aliases=("协调员姓名", "协调员（师）姓名", "人员姓名"), required=True, example="张三"),
            COUNTY_COLUMN,
            Column("employer", "工作单位", TEXT, aliases=("所在单位", "单位名称", "企业名称", "所在企业"), required=True,
                example="赣州某某电子有限公司"),
            Column(
                "employer_type", "单位类型", CHOICE, aliases=("所在单位类型", "单位类别", "企业类型"), required=True,
                choices={
                    "大中型企业": ("大型企业", "中型企业", "大中型", "大型", "中型"),
                    "小微企业": ("小型企业", "微型企业", "小微", "小型", "微型"),
                    "工业园区": ("园区", "产业园区", "工业园"),
                    "乡镇（街道）": ("乡镇", "街道", "乡镇(街道)", "乡镇街道", "街镇"),
                    "人社/工会/企业代表组织": ("人社", "工会", "企业代表组织", "企联", "企协", "工商联", "人社部门"),
                },
                example="大中型企业",
            ),
            Column(
                "cert_level", "证书等级", CHOICE, aliases=("职业技能等级", "等级", "资格等级", "技能等级"),
                choices={
                    "一级/高级技师": ("一级", "高级技师"),
                    "二级/技师": ("二级", "技师"),
                    "三级/高级工": ("三级", "高级工", "高级"),
                    "四级/中级工": ("四级", "中级工", "中级"),
                    "未取证": ("无", "未取得", "暂无", "未取证书"),
                },
                example="三级/高级工",
            ),
            Column("cert_date", "取证日期", DATE, aliases=("发证日期", "取得证书时间", "取证时间", "发证时间"), example="2021-05-20"),
            _gold("协调员"),
            Column("gold_year", "金牌选树年度", YEAR, aliases=("选树年度", "金牌年度"), example=None),
            _period(),
        ),
    ),
    Ledger(
        "enterprise_base", "企业基数", "一个县（市、区）的一个年度", REPLACE, "year",
        period_column="year", workstream="coordinator", identity=("county", "year"),
        help="各县（市、区）大中型企业和小微企业户数，是协调员覆盖率的分母。",
        columns=(
            COUNTY_COLUMN,
            _year("年度"),
            Column("large_medium", "大中型企业数", INT, aliases=("大中型企业户数", "大中型企业", "大中型企业数量"), required=True,
                unit="户", example=85),
            Column("small_micro", "小微企业数", INT, aliases=("小微企业户数", "小微企业", "小微企业数量"), required=True, unit="户",
                example=3200),
        ),
    ),
    Ledger(
        "mediation_org", "劳动人事争议调解组织台账", "一个调解组织", REPLACE, "period",
        period_column="period", workstream="mediation", identity=("name", "county", "period"),
        help="劳动人事争议调解组织、调解员台账：数量、类型、调解员队伍、规范化建设和金牌选树。",
        columns=(
            Column("name", "调解组织名称", TEXT, aliases=("组织名称", "名称", "调解委员会名称", "单位名称"), required=True,
                example="章贡区水西镇劳动争议调解中心"),
            COUNTY_COLUMN,
            Column(
                "org_type", "组织类型", CHOICE, aliases=("调解组织类型", "类型", "类别"), required=True,
                choices={
                    "企业劳动人事争议调解委员会": ("企业调解委员会", "企业调委会", "企业劳动争议调解委员会", "企业"),
                    "乡镇（街道）调解组织": ("乡镇调解组织", "街道调解组织", "乡镇、街道调解组织", "乡镇（街道）", "乡镇", "街道"),
                    "县级专业调解组织": ("县（市、区）专业劳动人事争议调解组织", "专业调解组织", "县级"),
                    "行业性区域性调解组织": ("行业性调解组织", "区域性调解组织", "行业性、区域性调解组织", "行业性区域性"),
                    "事业单位调解组织": ("事业单位劳动人事争议调解组织", "事业单位"),
                    "社会组织调解组织": ("开展劳动人事争议调解工作的社会组织", "社会组织"),
                    "多元化解“一体化”调解组织": ("多元化解一体化调解组织", "多元化解", "一体化"),
                    "工会“三师一室”维权平台": ("工会三师一室", "三师一室", "工会“三师一室”"),
                    "其他类型调解组织": ("其他", "其他类型"),
                },
                example="乡镇（街道）调解组织",
            ),
            Column("full_time", "专职调解员数", INT, aliases=("专职调解员", "专职调解员人数"), unit="人", example=2),
            Column("part_time", "兼职调解员数", INT, aliases=("兼职调解员", "兼职调解员人数"), unit="人", example=5),
            Column("six_five", "是否达到六规范五上墙", BOOL,
                   aliases=("六规范五上墙", "“六规范、五上墙”", "六规范、五上墙", "规范化建设达标"), example="是"),
            _gold("调解组织"),
            Column(
                "gold_batch", "金牌批次", CHOICE, aliases=("选树批次", "批次"),
                choices={
                    "第一批": ("1", "一", "第1批", "2021"), "第二批": ("2", "二", "第2批", "2022"), "第三批": ("3", "三", "第3批", "2023"),
                },
                example=None,
            ),
            Column("recommended_year", "推荐年度", YEAR, aliases=("推荐上报年度", "推荐年份", "先进典型推荐年度"),
                   help="本县（市、区）当年推荐报送为先进典型的年度；每县每年推荐1家", example=None),
            _period(),
        ),
    ),
    Ledger(
        "mediator", "劳动人事争议调解员台账", "一名调解员", REPLACE, "period",
        period_column="period", workstream="mediation", identity=("name", "org_name", "county", "period"),
        help="2021年1月底前建立劳动人事争议调解组织、调解员台账：配备专职调解员或稳定的兼职调解员队伍，"
             "吸纳律师、法官、仲裁员、法学专家充实兼职队伍，加大调解员培训。",
        columns=(
            Column("name", "姓名", TEXT, aliases=("调解员姓名", "调解员", "人员姓名"), required=True, example="李四"),
            Column("org_name", "所在调解组织", TEXT, aliases=("调解组织名称", "调解组织", "所属调解组织", "组织名称"), required=True,
                   help="与调解组织台账中的名称一致", example="章贡区水西镇劳动争议调解中心"),
            COUNTY_COLUMN,
            Column("kind", "专职或兼职", CHOICE, aliases=("专兼职", "专/兼职", "人员类别", "类别"), required=True,
                   choices={"专职": ("专职调解员", "全职"), "兼职": ("兼职调解员",)}, example="专职"),
            Column(
                "background", "来源背景", CHOICE, aliases=("人员来源", "背景", "身份", "职业"),
                choices={
                    "律师": ("执业律师", "律师事务所"),
                    "法官": ("退休法官", "人民法院"),
                    "仲裁员": ("劳动人事争议仲裁员", "兼职仲裁员", "仲裁"),
                    "法学专家": ("专家", "法学教授", "学者"),
                    "其他": ("其它", "工会干部", "企业人员", "社区干部"),
                },
                example="律师",
            ),
            Column("trained", "是否参加培训", BOOL, aliases=("参加培训", "已培训", "是否培训"), example="是"),
            _period(),
        ),
    ),
    Ledger(
        "mediation_stats", "调解工作统计", "一个调解组织的一个统计期", REPLACE, "period",
        period_column="period", workstream="mediation", identity=("org_name", "period"),
        help="调解组织每月受理、调解成功案件数；调解成功率 = 调解成功数 ÷ 受理案件数，按每个组织每年计，目标值见计划文件。",
        columns=(
            Column("org_name", "调解组织名称", TEXT, aliases=("组织名称", "名称", "调解组织"), required=True,
                example="章贡区水西镇劳动争议调解中心"),
            COUNTY_COLUMN,
            Column("period", "统计期", MONTH, aliases=("统计月份", "月份", "所属期", "统计期间", "填报期"), required=True,
                example="2021-06"),
            Column("accepted", "受理案件数", INT, aliases=("受理数", "受理案件", "受理件数", "受理争议案件数"), required=True, unit="件",
                example=20),
            Column("settled", "调解成功数", INT, aliases=("调解成功案件数", "成功调解数", "调解成功件数", "调成数"), required=True,
                unit="件", example=14),
            Column("amount", "涉及金额", NUMBER, aliases=("涉案金额", "标的金额", "争议金额"), unit="万元", example=35.5),
        ),
        rules=(
            Rule("settled_le_accepted", ("settled", "accepted"), "调解成功数不能大于受理案件数",
                 lambda settled, accepted: settled <= accepted),
        ),
    ),
    Ledger(
        "harmonious", "和谐企业培育台账", "一户培育企业的一个年度", REPLACE, "year",
        period_column="year", workstream="harmonious", identity=("name", "year"),
        help="每年2月1日前遴选4户培育企业，人社局、总工会、企联/企协、工商联各推荐1家；80%以上达到劳动关系和谐企业标准。",
        columns=(
            ENTERPRISE_NAME,
            COUNTY_COLUMN,
            _year("培育年度", ("培育年份",)),
            Column(
                "recommender", "推荐单位", CHOICE, aliases=("推荐部门", "推荐机构"), required=True,
                choices={
                    "市人社局": ("人社局", "人社", "人力资源和社会保障局", "市人力资源和社会保障局"),
                    "市总工会": ("总工会", "工会"),
                    "市企联/企协": ("企联/企协", "企联", "企协", "企业联合会", "企业家协会", "企业联合会/企业家协会"),
                    "市工商联": ("工商联", "工商业联合会", "市工商业联合会"),
                },
                example="市总工会",
            ),
            INDUSTRY,
            Column("epidemic_hit", "是否受疫情影响较大", BOOL, aliases=("受疫情影响较大", "受疫情影响", "是否受疫情影响"), example="否"),
            Column(
                "status", "培育状态", CHOICE, aliases=("状态", "培育情况"),
                choices={"培育中": ("在培育", "进行中"), "已评估": ("已验收", "已完成", "完成"), "已退出": ("退出", "终止")},
                example="培育中",
            ),
            # An enterprise still in cultivation has not been assessed: neither 达标 nor 未达标.
            Column("reached", "是否达到和谐企业标准", BOOL, aliases=("达到和谐企业标准", "是否达标", "达标"),
                   pending=(*NOT_YET_ASSESSED, "培育中", "在培育", "尚在培育"),
                   help="尚在培育、还没有评估的企业填“未评估”，不计入达标比例",
                   example="是"),
        ),
        rules=(
            Rule("assessed_has_answer", ("reached", "status"), "培育状态为“已评估”时，是否达标应填“是”或“否”，不能为“未评估”",
                 lambda reached, status: not (status == "已评估" and reached == NOT_YET_ASSESSED[0])),
        ),
    ),
    Ledger(
        "new_enterprise", "新注册企业用工服务台账", "对一户新注册企业的一次服务", APPEND, "service_date",
        workstream="new_enterprise", identity=("credit_code", "service_date", "method"),
        help="服务千户新企用工：三年服务新注册企业1000户左右；各地每年举办一次以上规模性“依法用工”培训班。",
        columns=(
            ENTERPRISE_NAME,
            Column("credit_code", "统一社会信用代码", CREDIT_CODE, aliases=("信用代码", "社会信用代码", "统一代码"), required=True,
                   example="91360702MA398ABC1J"),
            COUNTY_COLUMN,
            Column("registered_on", "注册日期", DATE, aliases=("成立日期", "注册时间", "登记日期"), example="2021-03-15"),
            INDUSTRY,
            Column("service_date", "服务日期", DATE, aliases=("服务时间", "指导日期", "走访日期"), required=True, example="2021-04-02"),
            Column(
                "method", "服务方式", CHOICE, aliases=("服务形式", "指导方式"), required=True,
                choices={
                    "线上指导": ("线上", "微信群", "微信公众号", "公众号", "QQ群", "网上", "线上服务"),
                    "上门服务": ("上门", "走访", "实地走访", "实地指导", "入企服务"),
                    "培训班": ("培训", "依法用工培训班", "“依法用工”培训班", "集中培训"),
                    "用工指导手册": ("手册", "发放手册", "编制下发用工指导手册", "指导手册"),
                },
                example="上门服务",
            ),
            Column("content", "服务内容", TEXT, aliases=("指导内容", "服务情况"), example="劳动合同签订指导"),
        ),
    ),
    Ledger(
        "key_enterprise", "重点企业用工指导服务工作台账", "一户重点企业", REPLACE, "period",
        period_column="period", workstream="key_enterprise", identity=("name", "county", "period"),
        help="用工规模较大、生产经营困难、受疫情影响较重的企业；拟裁员或已裁员企业须填写裁员有关栏目。",
        columns=(
            ENTERPRISE_NAME,
            COUNTY_COLUMN,
            INDUSTRY,
            Column("headcount_last_year", "上年底职工数量", INT, aliases=("上年底职工数", "上年末职工人数", "上年底职工人数"),
                required=True, unit="人", example=850),
            Column("headcount_now", "目前职工数量", INT, aliases=("目前职工数", "现有职工人数", "当前职工人数", "目前职工人数"),
                required=True, unit="人", example=790),
            Column("stable_job_policy", "已享受的稳岗政策", TEXT, aliases=("享受稳岗政策", "稳岗政策", "已享受稳岗政策"),
                example="失业保险稳岗返还"),
            Column("guidance", "跟踪指导情况", TEXT, aliases=("指导情况", "跟踪服务情况"), example="专人对接，每月走访"),
            Column("planned_layoffs", "本年度计划裁员人数", INT, aliases=("计划裁员人数", "拟裁员人数"), unit="人", example=0),
            Column("laid_off", "已裁员人数", INT, aliases=("已裁减人数", "已裁员"), unit="人", example=0),
            Column("layoff_positions", "裁员岗位", TEXT, aliases=("裁减岗位",), example=None),
            Column(
                "wages_settled", "依法结清劳动报酬情况", BOOL, aliases=("劳动报酬结清情况", "是否依法结清劳动报酬", "工资结清情况"),
                yes=("已结清", "结清", "已依法结清", "已付清"), no=("未结清", "拖欠", "未付清", "部分结清"), example="已结清",
            ),
            Column("compensation", "经济补偿标准", TEXT, aliases=("补偿标准",), example="N+1"),
            Column(
                "ability_to_pay", "支付能力评估", CHOICE, aliases=("支付能力",),
                choices={"强": ("较强", "良好", "充足", "好"), "一般": ("中", "中等", "尚可"), "弱": ("较弱", "不足", "差", "困难")},
                example="强",
            ),
            _period(),
        ),
        rules=(
            Rule("laid_off_le_headcount", ("laid_off", "headcount_last_year"), "已裁员人数不能大于上年底职工数量",
                 lambda laid_off, headcount: laid_off <= headcount),
            Rule("planned_le_headcount", ("planned_layoffs", "headcount_last_year"), "本年度计划裁员人数不能大于上年底职工数量",
                 lambda planned, headcount: planned <= headcount),
        ),
    ),
    Ledger(
        "wage_survey", "企业薪酬调查反馈台账", "一户被调查企业的一个年度", REPLACE, "year",
        period_column="year", workstream="wage", identity=("name", "year"),
        help="被调查企业薪酬数据反馈、个性化服务、技能人才薪酬指导和薪酬分配示范企业情况。",
        columns=(
            ENTERPRISE_NAME,
            COUNTY_COLUMN,
            _year("调查年度", ("调查年份",)),
            Column(
                "ownership", "企业性质", CHOICE, aliases=("所有制", "企业类型", "经济类型"), required=True,
                choices={"国有企业": ("国有", "国企", "国有控股"), "民营企业": ("民营", "私营", "私营企业", "民企"), "其他": ("外资",
                    "合资", "其他企业")},
                example="民营企业",
            ),
            Column("feedback", "是否提供薪酬数据反馈", BOOL, aliases=("数据反馈", "薪酬数据反馈", "是否反馈"), required=True, example="是"),
            Column("individual_service", "是否提供个性化服务", BOOL, aliases=("个性化服务", "针对性个性化服务"), example="否"),
            Column("skill_guidance", "是否开展技能人才薪酬指导", BOOL, aliases=("技能人才薪酬指导", "技能人才薪酬分配指导"), example="否"),
            Column("demonstration", "是否薪酬分配示范企业", BOOL, aliases=("示范企业", "薪酬分配示范企业"), example="否"),
        ),
    ),
    Ledger(
        "progress", "工作进度填报", "一个县（市、区）或市本级完成的一个工作节点", APPEND, "completed_on",
        identity=("county", "milestone"),
        help="各地按实施方案“时间安排”填报已完成的工作节点；进度甘特图据此判断按时完成、逾期完成、已逾期或未到期。",
        columns=(
            COUNTY_COLUMN,
            Column("milestone", "工作节点", MILESTONE, aliases=("节点", "工作任务", "任务", "时间安排", "节点编号"), required=True,
                   help="节点编号或实施方案中的节点名称（见模板下拉列表）", example="social_org.survey_2021_01"),
            Column("completed_on", "完成日期", DATE, aliases=("完成时间", "完成日"), required=True, example="2021-01-20"),
            Column("evidence", "佐证材料", TEXT, aliases=("佐证", "证明材料", "材料"), example="调查摸底报告"),
            Column("note", "备注", TEXT, aliases=("说明",), example=None),
        ),
    ),
)

LEDGERS_BY_KEY: dict[str, Ledger] = {ledger.key: ledger for ledger in LEDGERS}


def ledger(key: str) -> Ledger:
    """The ledger with this key; KeyError in Chinese when there is none."""
    try:
        return LEDGERS_BY_KEY[key]
    except KeyError:
        raise KeyError(f"没有名为“{key}”的台账，可选：{'、'.join(LEDGERS_BY_KEY)}") from None
