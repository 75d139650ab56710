"""The simulated store: one learner's tables, made from their learner id, and the schema they follow.

    from course.store import simulate
    data = simulate("ab12", sector="grocery")        # StoreData; same id -> same data anywhere
    data.to_csv("build/ab12")                        # one CSV per table + store.json
    StoreData.from_csv("build/ab12")                 # validated import (bring your own data)
"""

from course.store.data import StoreData
from course.store.profile import learner_seed
from course.store.schema import SECTORS, TABLES, SchemaError
from course.store.simulate import simulate, stories_of

__all__ = ["SECTORS", "TABLES", "SchemaError", "StoreData", "learner_seed", "simulate", "stories_of"]
