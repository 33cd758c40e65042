"""A yearly plan's `rewards:` section: the amount (VND) the plan pays for each product recognised in its
year, by star — Thanh Hóa 2021 (II.4.4): 10, 20 and 100 million VND for 3★, 4★ and 5★.

    rewards:
      3: 10000000
      4: 20000000
      5: 100000000

Only 3★–5★ (1★ and 2★ get no certificate); whole VND amounts, at most 10 billion each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from .plan_yaml import NodeReader

REWARD_STARS = (3, 4, 5)
MAX_REWARD_VND = 10_000_000_000
_AMOUNT = re.compile(r"^[0-9]{1,11}$")


@dataclass(frozen=True)
class RewardTable:
    """VND per recognised product by star; empty when the plan sets no rewards."""

    amounts: tuple[tuple[int, int], ...] = ()

    def amount_for(self, stars: int | None) -> int:
        return dict(self.amounts).get(stars or 0, 0)

    def as_dict(self) -> Mapping[int, int]:
        return dict(self.amounts)


def read_rewards(reader: NodeReader, node: yaml.Node) -> RewardTable:
    """The section's table; every problem is reported on `reader` with its line."""
    if not isinstance(node, yaml.MappingNode) or not node.value:
        reader.fail(node, "rewards", "rewards must map stars (3, 4, 5) to an amount in VND, e.g. '3: 10000000'")
        return RewardTable()
    amounts: dict[int, int] = {}
    for key_node, value in node.value:
        star_text = str(key_node.value).strip()
        field = f"rewards.{star_text}"
        if star_text not in {str(s) for s in REWARD_STARS}:
            reader.fail(key_node, field, f"rewards are set for 3, 4 or 5 stars, not {star_text!r}")
            continue
        stars = int(star_text)
        if stars in amounts:
            reader.fail(key_node, field, f"duplicate reward for {stars} stars")
            continue
        text = str(value.value).strip() if isinstance(value, yaml.ScalarNode) else ""
        if not _AMOUNT.match(text) or not 0 < int(text) <= MAX_REWARD_VND:
            reader.fail(value, field, f"the reward for {stars} stars must be a whole amount in VND between 1 and "
                                      f"{MAX_REWARD_VND} (digits only), not {text or 'a list'!r}")
            continue
        amounts[stars] = int(text)
    return RewardTable(tuple(sorted(amounts.items())))
