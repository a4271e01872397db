"""Synthetic persons for the demo city and the benchmarks (人员演示数据).

No `load()`: this module only offers helpers. Every business line's demo module makes its
parties, subjects and mediators through `make_person` and saves them with `save_people`, so
all demo persons carry valid, unique 居民身份证号码 stored exactly as the application stores
them (encrypted, with the keyed search hash).

The names are drawn from common surnames and given-name characters; the ID numbers carry a
fictional address code, so none belongs to a real person.
"""

from __future__ import annotations

import random
from datetime import date

from sifa.core import bulk
from sifa.core.demo import HISTORY_REASON, random_date
from sifa.people.models import Gender, Person

# GB 11643-1999: weights 2^(18-i) mod 11 and the check characters for S mod 11.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# Common surnames; the twelve most frequent are drawn more often (a rough frequency weight).
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
)
_FREQUENT_SURNAMES = "王李张刘陈杨黄赵吴周徐孙"
_MALE_GIVEN = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发"
    "武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪"
    "心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启"
    "克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
)
_FEMALE_GIVEN = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹"
    "霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶"
    "怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希"
    "宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
)
# GB/T 3304 codes of the `ethnicity` code list: mostly 汉族, some 畲族, 回族, 壮族, 土家族.
_MINORITIES = ("22", "03", "08", "15")
_HAN = "01"
# Mobile number prefixes (中国移动/联通/电信), all valid for sifa.core.idnumber.normalize_phone.
_MOBILE_PREFIXES = tuple(
    str(prefix)
    for prefix in (
        *(134, 135, 136, 137, 138, 139, 150, 151, 152, 157, 158, 159, 182, 183, 187, 188),
        *(130, 131, 132, 155, 156, 185, 186, 133, 153, 177, 180, 181, 189, 199),
    )
)


def id_check_character(body17: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 17 digits of a 居民身份证号码."""
    total = sum(int(digit) * weight for digit, weight in zip(body17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def synthetic_id_number(
    rng: random.Random, *, address_code: str, birth_date: date, gender: str, issued: set[str]
) -> str:
    """A valid 18-character number not yet in `issued` (which it joins).

    The 3-digit sequence code is odd for men and even for women (GB 11643-1999 §5.3).
    """
    prefix = f"{address_code}{birth_date:%Y%m%d}"
    first = 1 if gender == Gender.MALE else 2
    for _attempt in range(100):
        body = f"{prefix}{rng.randrange(first, 1000, 2):03d}"
        number = body + id_check_character(body)
        if number not in issued:
            issued.add(number)
            return number
    raise RuntimeError(f"no free sequence code left for {prefix}")


def synthetic_name(rng: random.Random, gender: str) -> str:
    surname = rng.choice(_FREQUENT_SURNAMES if rng.random() < 0.4 else _SURNAMES)
    given = _FEMALE_GIVEN if gender == Gender.FEMALE else _MALE_GIVEN
    length = 1 if rng.random() < 0.3 else 2
    return surname + "".join(rng.choice(given) for _ in range(length))


def synthetic_mobile(rng: random.Random) -> str:
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def make_person(
    rng: random.Random,
    *,
    office,
    issued: set[str],
    address_code: str,
    region_code: str = "",
    address: str = "",
    gender: str | None = None,
    born_from: date = date(1956, 1, 1),
    born_to: date = date(2000, 12, 31),
) -> Person:
    """An unsaved Person with a name, gender, birth date, ID number and mobile number.

    `address_code` is the county-level code the ID number starts with; `region_code` (up to
    12 digits) and `address` say where the person lives.
    """
    if gender is None:
        gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
    birth_date = random_date(rng, born_from, born_to)
    person = bulk.new(
        Person,
        office=office,
        name=synthetic_name(rng, gender),
        gender=gender,
        birth_date=birth_date,
        ethnicity=_HAN if rng.random() < 0.96 else rng.choice(_MINORITIES),
        region_code=region_code,
        address=address,
    )
    person.set_id_number(
        synthetic_id_number(
            rng, address_code=address_code, birth_date=birth_date, gender=gender, issued=issued
        )
    )
    person.set_phone(synthetic_mobile(rng))
    return person


def save_people(persons: list[Person]) -> list[Person]:
    """Insert persons with one "created" history row each ("演示数据"); returns them with ids
    (`core.bulk`: no save() and no signals, so the history rows are written alongside)."""
    return bulk.insert_with_history(persons, reason=HISTORY_REASON)
