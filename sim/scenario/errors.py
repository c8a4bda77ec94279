"""The one error a scenario can raise: a list of readable problems, never a traceback."""


class ScenarioError(Exception):
    """A scenario file that cannot be used; ``problems`` holds one readable line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))
