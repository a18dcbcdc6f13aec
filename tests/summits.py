"""A small record of four meetings, reported by both sides, for the analyst's commands.

Each side's reports are short and written for the tests: the Vietnamese ones
(VNA) spell names with diacritics or without, the Chinese ones (Xinhua) as
Xinhua does. The 2024-06-10 meeting has a report from each side; 2024-06-20
only a Vietnamese one, 2024-09-05 only a Chinese one.
"""

from __future__ import annotations

from pathlib import Path

from conftest import write_root

SOURCES = {
    "seeds/vna-2024-03-01.txt": (
        "HÀ NỘI — Party General Secretary Tô Lâm held talks in Hà Nội on Friday with Chinese Premier Li Qiang.\n"
        "The two sides agreed to establish a railway cooperation committee within the year.\n"
        "Việt Nam proposed that both sides study the Lao Cai - Hanoi - Hai Phong railway.\n"
        "Tô Lâm suggested joint projects to improve air quality in Ha Noi and other cities.\n"
        "The talks took place in a friendly atmosphere in Hà Nội.\n"
    ),
    "seeds/vna-2024-06-10.txt": (
        "BEIJING — Prime Minister Phạm Minh Chính met Chinese Premier Li Qiang in Beijing on Monday.\n"
        "The two sides will soon organise the first meeting of the railway cooperation committee.\n"
        "Chính called for further projects on air quality in Hà Nội.\n"
        "Vietnam and China marked the anniversary of their diplomatic ties.\n"
    ),
    "seeds/xinhua-2024-06-10.txt": (
        "BEIJING, June 10 (Xinhua) — Chinese Premier Li Qiang held talks with Vietnamese Prime Minister"
        " Pham Minh Chinh in Beijing on Monday.\n"
        "Li said China and Viet Nam agreed to establish a railway cooperation committee.\n"
        "China proposed to invite young Vietnamese to the Red Journey programme.\n"
    ),
    "seeds/vna-2024-06-20.txt": (
        "LÀO CAI — Officials of the two countries met at the Kim Thành border gate.\n"
        "They reaffirmed the Lao Cai – Hanoi – Hai Phong railway as a priority.\n"
        "Both sides agreed to build a smart border gate at Đồng Đăng.\n"
    ),
    "seeds/xinhua-2024-09-05.txt": (
        "NANNING, Sept. 5 (Xinhua) — Chinese and Vietnamese officials met in Nanning on Thursday.\n"
        "The two sides agreed to carry out the Red Journey programme this year.\n"
        "The smart border gate at Dong Dang was completed and opened to traffic.\n"
    ),
}

MEETINGS = """\
parties:
  VN: Việt Nam
  CN: China
meetings:
  - id: 2024-03-01-ha-noi
    date: 2024-03-01
    place: Hà Nội
    participants: [Tô Lâm, Li Qiang]
    sources:
      - {id: vna-2024-03-01, file: seeds/vna-2024-03-01.txt, sha256: "{sha:seeds/vna-2024-03-01.txt}", outlet: VNA, side: VN}
  - id: 2024-06-10-beijing
    date: 2024-06-10
    place: Beijing
    participants: [Phạm Minh Chính, Li Qiang]
    sources:
      - {id: vna-2024-06-10, file: seeds/vna-2024-06-10.txt, sha256: "{sha:seeds/vna-2024-06-10.txt}", outlet: VNA, side: VN}
      - id: xinhua-2024-06-10
        file: seeds/xinhua-2024-06-10.txt
        sha256: "{sha:seeds/xinhua-2024-06-10.txt}"
        outlet: Xinhua
        side: CN
  - id: 2024-06-20-lao-cai
    date: 2024-06-20
    place: Lào Cai
    participants: [provincial officials]
    sources:
      - {id: vna-2024-06-20, file: seeds/vna-2024-06-20.txt, sha256: "{sha:seeds/vna-2024-06-20.txt}", outlet: VNA, side: VN}
  - id: 2024-09-05-nanning
    date: 2024-09-05
    place: Nanning
    participants: [provincial officials]
    sources:
      - id: xinhua-2024-09-05
        file: seeds/xinhua-2024-09-05.txt
        sha256: "{sha:seeds/xinhua-2024-09-05.txt}"
        outlet: Xinhua
        side: CN
"""

COMMITMENTS = """\
commitments:
  - id: railway-cooperation-committee
    title: Set up a railway cooperation committee
    status: in-progress
    by: [VN, CN]
    due: 2024-06-15
    aliases: [railway cooperation committee]
    mentions:
      - {source: vna-2024-03-01, paragraph: 2, quote: agreed to establish a railway cooperation committee, kind: agreed}
      - source: vna-2024-06-10
        paragraph: 2
        quote: will soon organise the first meeting of the railway cooperation committee
        kind: progress
      - {source: xinhua-2024-06-10, paragraph: 2, quote: agreed to establish a railway cooperation committee, kind: agreed}
  - id: lao-cai-ha-noi-hai-phong-railway
    title: Study the Lào Cai - Hà Nội - Hải Phòng railway
    status: proposed
    aliases: [Lao Cai - Hanoi - Hai Phong railway]
    mentions:
      - source: vna-2024-03-01
        paragraph: 3
        quote: proposed that both sides study the Lao Cai - Hanoi - Hai Phong railway
        kind: proposed
      - source: vna-2024-06-20
        paragraph: 2
        quote: reaffirmed the Lao Cai – Hanoi – Hai Phong railway as a priority
        kind: reaffirmed
  - id: air-quality-ha-noi
    title: Improve the air quality of Hà Nội
    status: proposed
    aliases: [air quality]
    mentions:
      - {source: vna-2024-03-01, paragraph: 4, quote: suggested joint projects to improve air quality in Ha Noi, kind: proposed}
      - {source: vna-2024-06-10, paragraph: 3, quote: called for further projects on air quality in Hà Nội, kind: reaffirmed}
  - id: red-journey-programme
    title: Invite young Vietnamese to the Red Journey programme
    status: agreed
    by: [CN]
    aliases: [Red Journey]
    mentions:
      - source: xinhua-2024-06-10
        paragraph: 3
        quote: China proposed to invite young Vietnamese to the Red Journey programme
        kind: proposed
      - {source: xinhua-2024-09-05, paragraph: 2, quote: agreed to carry out the Red Journey programme, kind: agreed}
  - id: dong-dang-smart-border-gate
    title: Build a smart border gate at Đồng Đăng
    status: fulfilled
    by: [VN, CN]
    mentions:
      - {source: vna-2024-06-20, paragraph: 3, quote: agreed to build a smart border gate at Đồng Đăng, kind: agreed}
      - source: xinhua-2024-09-05
        paragraph: 3
        quote: The smart border gate at Dong Dang was completed and opened to traffic
        kind: fulfilled
"""


def write_summits(root: Path, commitments: str = COMMITMENTS, meetings: str = MEETINGS) -> Path:
    return write_root(root, commitments, meetings, SOURCES)
