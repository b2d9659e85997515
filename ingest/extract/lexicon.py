"""Word lists the entity rules read. Vocabulary of the genre (government work reports), not names.

Nothing here names a particular project: the lists are heads that end a project name, verbs that
start an object, words that describe a class of things rather than name one, and stage verbs.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """Whitespace-separated word lists, so long vocabularies stay readable."""
    return text.split()


# Words that end a project's name (the head of the noun phrase), and the kind they suggest.
# Longer heads first where one ends another (体育中心 before 中心 is not listed at all: a bare
# 中心 heads too many non-projects such as 社区卫生服务中心 or 国际消费中心城市).
PROJECT_HEADS: dict[str, str] = {
    "项目": "项目", "工程": "工程",
    "地块": "地块", "片区": "街区更新", "街区": "街区更新",
    "使馆区": "使馆区", "商区": "商业", "水岸": "水系治理",
    "校区": "教育", "中学": "教育", "小学": "教育", "学校": "教育", "幼儿园": "教育",
    "医院": "医疗", "急救中心站": "医疗", "消防救援站": "消防设施",
    "公园": "公园", "绿道": "绿道", "生态岛": "环卫设施",
    "剧院": "文化设施", "影院": "文化设施", "会馆": "文物", "纪念馆": "文化设施", "博物馆": "文化设施",
    "科技馆": "文化设施", "品牌馆": "商业", "文创馆": "文化设施",
    "遗址": "文物", "旧址": "文物", "城楼": "文物", "故居": "文物",
    "广场": "文化设施", "会客厅": "商业",
    "体育中心": "文体设施", "文体中心": "文体设施", "艺术中心": "文化设施", "体验中心": "产业平台",
    "策展中心": "文化设施", "戏剧中心": "文化设施", "创新中心": "产业平台", "会展中心": "会展设施",
    "大厦": "商务楼宇", "商务楼": "商务楼宇", "简易楼": "危旧楼房改建", "住宅楼": "征收",
    "门诊楼": "医疗", "病房楼": "医疗",
    "商城": "商业", "商场": "商业", "酒店": "商业", "旗舰店": "商业",
    "孵化器": "孵化器", "产业园": "产业园", "实验室": "产业平台",
    "交通枢纽": "交通枢纽", "步行街": "商业", "北路": "道路", "南路": "道路", "东路": "道路", "西路": "道路",
    "东区": "地块", "西区": "地块",
    "一期": "项目", "二期": "项目", "三期": "项目",
    # housing and site words of renewal reports: 安置房 of a 棚改, 院区 of a hospital, 小区 of a renovation
    "安置房": "安置房", "院区": "医疗",
    "小区": "老旧小区综合整治", "美术馆": "文化设施", "展览馆": "文化设施", "管廊": "市政设施",
    "公寓": "住房",
}

# Words that can stand between a project's core and a 项目/工程 head (云杉大街整治提升项目),
# and that end a list item before a stage phrase (石鼓城楼、竹影桥石碑保护展示).
WORK_WORDS: frozenset[str] = frozenset(words(
    "整治 提升 综合 环境 改造 升级 建设 修缮 更新 保护 展示 利用 活化 腾退 签约 退租 "
    "申请式 连通 治理 迁建 异地 改建 改扩建 扩建 征收 拆除 拆迁 收尾 入市 供应 开发 "
    "一体化 景观 整体 恢复 恢复性 修建 保护性 开工 竣工 公共空间 品质 水系 架空线 入地 "
    "疏堵 配套 主体 后期 申请 公益 便民 申请式退租 "
    # project types: a place followed by one of these names the undertaking (某村棚改项目)
    "棚改 危改 棚户区 城中村 旧城 老旧小区 修缮整治 保护性修缮 恢复性修建 综合整治 街区更新 "
))

# Project types (a subset of the work words): with a place before them they name an undertaking,
# alone (棚改项目, 城中村改造项目) they name a class.
PROJECT_TYPES: frozenset[str] = frozenset(words(
    "棚改 危改 棚户区 城中村 旧城 老旧小区 申请式退租 修缮整治 保护性修缮 恢复性修建 综合整治 "
    "街区更新"
))

# Tokens that start an object or separate phrases: the left edge of a name lies after them.
BREAKERS: frozenset[str] = frozenset(words(
    # function words
    "的 和 与 及 或 等 在 对 将 为 以 由 把 了 已 并 从 向 于 至 是 让 使 其 之 也 又 还 都 所 被 给 "
    "及其 以及 并且 同时 其中 通过 围绕 依托 按照 根据 全面 持续 有序 稳步 积极 深入 着力 大力 "
    "重点 全力 率先 基本 正式 正在 已经 加大 进一步 预计 计划 力争 拟 "
    # verbs that take a project as object
    "推进 推动 加快 加速 完成 实施 开展 启动 建成 新建 打造 实现 落实 深化 抓好 做好 办好 抓紧 "
    "谋划 探索 引入 保留 利用 形成 建立 推出 引导 支持 鼓励 确保 提升 促进 助力 发挥 培育 "
    "建设 改造 开工 竣工 投用 开放 开业 开街 入市 回迁 腾退 交付 复工 组织 召开 编制 完善 深化 "
    "划为 划入 列为 "
    "实施 策划 筹备 承办 举办 服务 保障 配合 协调 聚焦 优化 强化 加强 提高 扩大 统筹 带动 "
    "挖掘 加速 全速 压茬 打通 重塑 焕新 新增 确定 制定 印发 梳理 列入 纳入 取得 获得 获评 "
    "成为 作为 位于 包括 涉及 启用 亮相 完工 参与 走访 了解 开通 实现 改善 规范 整改 "
    "是 有 无 要 需 可 能 会 应 好 "
    # discourse markers and relations to a reference point: 二是X, 标志着X, 紧邻X
    "一是 二是 三是 四是 五是 标志着 标志著 毗邻 靠近 西邻 东邻 南邻 北邻 东临 西临 南临 北临 "
    # a section of a street before its named part (北段|某大街示范段), and 待 (until)
    "北段 南段 东段 西段 中段 待 "
    # a report's byline before its first sentence (本报讯 某村棚改项目…)
    "本报讯 讯 据悉 获悉 了解到"
))

# Stage verbs: a sentence with one of these and a project mention states an event (first match
# wins its stage; 推进 is the catch-all for "work is going on").
STAGES: tuple[tuple[str, str], ...] = (
    ("签约腾退", "签约腾退"), ("拆迁收尾", "拆迁收尾"), ("征拆", "拆迁收尾"), ("回迁", "回迁"),
    ("腾退", "腾退"), ("入市", "入市"), ("开街", "开街运营"), ("开业", "开业"), ("交付", "交付"),
    ("竣工", "竣工"), ("完工", "竣工"), ("建成", "竣工"), ("投用", "投用"), ("投入使用", "投用"),
    ("运营", "投用"), ("通车", "通车"), ("开放", "开放"), ("亮相", "开放"), ("重张", "开放"),
    ("复工", "复工"), ("开工", "开工"), ("新开", "开工"), ("新建", "新建"), ("启动", "启动"),
    ("获评", "获评"), ("申遗", "获评"), ("修缮", "修缮"), ("活化利用", "活化利用"), ("招标", "招标"),
    ("核验", "规划核验"), ("设计方案", "规划"), ("谋划", "规划"), ("可行性研究", "规划"),
    ("前期手续", "前期手续"), ("落地", "启动"), ("挂牌", "开业"), ("完成", "完成"),
    ("收尾", "收尾"), ("外迁", "外迁"), ("拆除", "拆除"), ("贯通", "完成"), ("连通", "完成"),
    ("进度达", "推进"), ("推进", "推进"), ("推动", "推进"), ("加快", "推进"), ("建设", "推进"),
    ("实施", "推进"), ("打造", "推进"), ("开展", "推进"), ("提升", "推进"), ("改造", "推进"),
    ("整治", "推进"), ("转型", "推进"), ("升级", "推进"), ("恢复", "完成"), ("重现", "完成"),
    ("投入", "投用"), ("施工", "推进"), ("入驻", "投用"), ("推出", "启动"),
    # renewal news: relocation, signing, housing handed over (动迁, 交房, 选房), building begun (开建)
    ("动迁", "动迁"), ("开建", "开工"), ("交房", "交房"), ("选房", "选房"), ("搬迁", "搬迁"),
    ("签约", "签约"), ("签订", "签约"), ("征收", "征收"), ("关停", "关停"), ("试运营", "投用"),
    ("展开", "推进"), ("封顶", "封顶"),
    # preparation begun (从某年开始准备对该地区实施改造), a site designated into a project's area
    ("开始准备", "启动"), ("划为", "规划"), ("划入", "规划"), ("列为", "列入"),
    # reopening (重新开街): not 新开 (a new opening) inside it
    ("重新开街", "开街运营"), ("重新开业", "开业"), ("重新开放", "开放"),
)

# After 等 / a numeral + counter: the class the listed items belong to. A list followed by one of
# these names projects (完成A、B等34处文物腾退; 推动A、B等一批项目新开).
PROJECT_CATEGORIES: tuple[str, ...] = (
    "项目", "工程", "地块", "土地", "文物", "遗产点", "片区", "街区", "简易楼", "老旧小区", "孵化器",
    "次支路", "旧址", "孵化基地", "疏堵工程", "会馆", "腾退", "活化利用", "修缮", "保护展示",
    "改造升级", "整治提升", "综合提升", "改造提升", "环境整治",
)

# Words that describe a class of things rather than name one: a candidate whose core is made of
# these (重点项目, 一批示范项目, 核心区最大体量棚改工程) is a category, not a name.
DESCRIPTORS: frozenset[str] = frozenset(words(
    "餐饮 内外部 室内外 体验式 友好型 全龄 老旧 "
    "重点 重大 民生 在途 滞留 长期 示范 标杆 标杆型 标志性 一批 这些 该 各 相关 最大 "
    "首个 首家 首批 全市 全区 市级 区级 市 区 新 主责 计划 新开工 大型 体量 核心区 "
    "试点 年度 品质 商圈 文化 社会 投资 政府 城市 更新 保护 两个 多个 部分 其他 其余 "
    "有关 上述 本 我区 我市 全国 国家 基础 设施 区域 重点任务 消费 产业 特色 国际 主题 "
    "公益 口袋 大尺度 社区 卫生 服务 便民 综合 一体化 整体 棚改 危改 民生 在途 文物 "
    "土地 遗产点 孵化基地 基础设施 重大项目 重点项目 在途项目 街道 乡镇 治理类 一刻钟 "
))

# Words of the genre jieba's dictionary lacks; taught to the tokenizer so it does not cut them
GENRE_WORDS: tuple[str, ...] = (
    "在途", "申请式退租", "简易楼", "老旧小区", "棚改", "危改", "腾退", "入市", "街区更新", "城市更新",
    "主责单位", "进展情况", "直管公房", "区属", "市属", "安置房", "回迁房", "回迁楼",
    "棚户区", "城中村", "综合管廊",
)

# Counters after a numeral (34处, 5栋, 两个): the phrase that follows is a class.
COUNTERS: frozenset[str] = frozenset(words(
    "处 个 项 栋 条 座 家 所 批 片 类 户 万 余 多 "
))
NUMERALS = "0123456789一二三四五六七八九十百千两几数"

# Punctuation and spacing that always end a name.
STOP_CHARS = frozenset("，。；：！？、,.;:!?\"“”‘’《》〈〉【】[]|/\\ \t\n\u3000…—-()（）")
