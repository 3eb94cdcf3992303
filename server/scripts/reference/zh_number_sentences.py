#!/usr/bin/env python3
"""Chinese sentences full of numbers, for the Mandarin G2P development corpus.

Templates written for this project fill in random (seeded, so reproducible)
dates, times, percentages, fractions, temperatures, prices, decimals, negative
numbers, phone numbers, IDs, ordinals and plain quantities: the cases cn2an's
an2cn transform has separate rules for, and their edges (years of 2-5 digits,
days above 31, 17-digit numbers, full-width digits, 10 vs 15 vs 110).

    python3 scripts/reference/zh_number_sentences.py 500 > numbers.txt
"""
import random
import sys

NAMES = ["小王", "李明", "张老师", "王经理", "小红", "刘医生", "陈阿姨", "赵先生", "孙女士", "周同学"]
THINGS = ["苹果", "书", "椅子", "电脑", "杯子", "衣服", "手机", "票", "鸡蛋", "本子"]
MEASURE = {"苹果": "个", "书": "本", "椅子": "把", "电脑": "台", "杯子": "个", "衣服": "件",
           "手机": "部", "票": "张", "鸡蛋": "个", "本子": "本"}
CITIES = ["北京", "上海", "广州", "深圳", "成都", "杭州", "西安", "武汉", "南京", "重庆"]
FULL = str.maketrans("0123456789", "０１２３４５６７８９")


def r(a, b):
    return random.randint(a, b)


def quantity():
    k = random.random()
    if k < 0.3:
        return str(r(0, 20))
    if k < 0.6:
        return str(r(21, 999))
    if k < 0.8:
        return str(r(1000, 99999))
    if k < 0.9:
        return str(r(100000, 999999999))
    return str(random.choice([10, 100, 110, 1000, 1010, 10000, 10010, 100000, 1000000, 100000000, 1001, 2002]))


def decimal():
    return f"{r(0, 999)}.{r(0, 99)}".rstrip("0").rstrip(".") if random.random() < 0.2 else f"{r(0, 99)}.{r(1, 99)}"


def year():
    return str(random.choice([r(1900, 2030), r(1949, 2025), r(10, 99), r(100, 999)]))


TEMPLATES = [
    lambda: f"{year()}年{r(1, 12)}月{r(1, 31)}日，{random.choice(NAMES)}来到了{random.choice(CITIES)}。",
    lambda: f"会议定于{r(1, 12)}月{r(1, 31)}日上午{r(8, 11)}点召开。",
    lambda: f"他出生于{year()}年。",
    lambda: f"{year()}年是不平凡的一年。",
    lambda: f"今天是{r(1, 12)}月{r(1, 31)}号，星期{random.choice('一二三四五六日')}。",
    lambda: f"截至{year()}年底，全市常住人口达到{quantity()}万人。",
    lambda: f"这{MEASURE[t]}{t}卖{r(1, 999)}元。" if (t := random.choice(THINGS)) else "",
    lambda: f"我买了{r(2, 30)}{MEASURE[t]}{t}，一共花了{decimal()}元。" if (t := random.choice(THINGS)) else "",
    lambda: f"价格上涨了{decimal()}%。",
    lambda: f"失业率下降到{decimal()}%，比去年同期低{r(1, 9)}个百分点。",
    lambda: f"支持率只有{r(1, 100)}%。",
    lambda: f"增长率为-{decimal()}%。",
    lambda: f"今天最高气温{r(-10, 42)}℃，最低气温{r(-20, 30)}℃。",
    lambda: f"病人体温{r(36, 40)}.{r(0, 9)}℃。",
    lambda: f"水在{random.choice([0, 100])}℃时会发生变化。",
    lambda: f"大约{r(1, 9)}/{r(2, 10)}的学生选择了这门课。",
    lambda: f"把蛋糕切成{r(2, 12)}份，每人吃1/{r(2, 12)}。",
    lambda: f"请拨打{random.choice(['138', '139', '186', '150'])}{r(10000000, 99999999)}联系我们。",
    lambda: f"客服电话是400-{r(100, 999)}-{r(1000, 9999)}。",
    lambda: f"报警请拨110，急救请拨120，火警请拨119。",
    lambda: f"他的身份证号码是{r(100000, 999999)}{r(1950, 2005)}{r(1000, 9999)}{r(1000, 9999)}。",
    lambda: f"订单号：{r(10 ** 16, 10 ** 18)}。",
    lambda: f"温度从-{r(1, 30)}度升到了{r(1, 30)}度。",
    lambda: f"账户余额为-{decimal()}元。",
    lambda: f"比赛的比分是{r(0, 5)}:{r(0, 5)}。",
    lambda: f"现在是{r(0, 23)}:{r(0, 59):02d}。",
    lambda: f"火车{r(1, 12)}点{r(0, 59)}分到站。",
    lambda: f"第{r(1, 100)}届运动会开幕了。",
    lambda: f"他在第{r(1, 50)}页找到了答案。",
    lambda: f"这栋楼有{r(2, 120)}层高。",
    lambda: f"我家住在{r(1, 30)}号楼{r(1, 30)}{r(1, 9):02d}室。",
    lambda: f"全长{decimal()}公里，耗时{r(1, 72)}小时。",
    lambda: f"圆周率约等于3.14159。",
    lambda: f"这个数字是{quantity()}。",
    lambda: f"一共有{quantity()}人参加了考试。",
    lambda: f"公司去年营收{decimal()}亿元，净利润{r(1, 999)}万元。",
    lambda: f"他跑完{r(1, 42)}公里只用了{r(10, 59)}分{r(0, 59)}秒。",
    lambda: f"{r(1, 9)}加{r(1, 9)}等于几？",
    lambda: f"{r(10, 99)}减{r(1, 9)}等于{r(1, 99)}。",
    lambda: f"iPhone {r(4, 16)}的屏幕是{r(4, 6)}.{r(1, 9)}英寸。",
    lambda: f"他考了{r(60, 100)}分，全班第{r(1, 50)}名。",
    lambda: f"{(f'{year()}年{r(1, 12)}月{r(1, 28)}日').translate(FULL)}，天气晴。",
    lambda: f"共{quantity().translate(FULL)}元。",
    lambda: f"从{year()}年到{year()}年，人口增长了{r(2, 60)}%。",
    lambda: f"时速{r(60, 350)}公里的列车。",
    lambda: f"他的工号是{r(0, 9)}{r(0, 9)}{r(0, 9)}{r(100, 999)}。",
    lambda: f"这道题的答案是{r(1, 99)}/{r(100, 999)}。",
    lambda: f"本次航班{random.choice(['CA', 'MU', 'CZ'])}{r(1000, 9999)}延误了。",
    lambda: f"{r(1, 12)}月份的销售额是{r(1, 999)}.{r(0, 99)}万。",
    lambda: f"第{r(1, 9)}季度增长{r(1, 20)}.{r(0, 9)}%。",
    lambda: f"距离{r(2025, 2035)}年还有{r(1, 999)}天。",
    lambda: f"{r(1, 100)}年过去了。",
    lambda: f"他已经{r(10, 100)}岁了。",
]


def main():
    random.seed(20250127)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    seen = set()
    while len(seen) < n:
        sentence = random.choice(TEMPLATES)()
        if sentence and sentence not in seen:
            seen.add(sentence)
            print(sentence)


if __name__ == "__main__":
    main()
