"""Exact arithmetic over named figures, for the derived dataset.

A formula is an expression of names, numbers, ``+ - * /`` and parentheses. It is
parsed with :mod:`ast`, never evaluated as Python, and computed in
:class:`~decimal.Decimal` so that no float rounding enters a published figure.
"""

import ast
from collections.abc import Mapping
from decimal import Decimal, localcontext

__all__ = ["evaluate", "names", "round_published"]

_OPERATORS = {
    ast.Add: Decimal.__add__,
    ast.Sub: Decimal.__sub__,
    ast.Mult: Decimal.__mul__,
    ast.Div: Decimal.__truediv__,
}


def _parse(formula: str) -> ast.expr:
    try:
        return ast.parse(formula, mode="eval").body
    except SyntaxError:
        raise ValueError(f"the formula {formula!r} is not valid arithmetic") from None


def names(formula: str) -> tuple[str, ...]:
    """Return the names a formula uses, in order of first use.

    >>> names("(a + b) / a * 12")
    ('a', 'b')
    >>> names("ab + b + a")
    ('ab', 'b', 'a')
    """
    found = [node for node in ast.walk(_parse(formula)) if isinstance(node, ast.Name)]
    # ast.walk goes breadth first; the source position gives the order of use
    found.sort(key=lambda node: (node.lineno, node.col_offset))
    return tuple(dict.fromkeys(node.id for node in found))


def evaluate(formula: str, values: Mapping[str, Decimal | int], *,
             rounded: bool = True) -> Decimal:
    """Compute ``formula`` with exact decimals, rounded to 6 decimal places.

    With ``rounded=False`` the result keeps the 40 significant digits it was
    computed with, for a value that later formulas build on.

    >>> evaluate("x / 15", {"x": 1700})
    Decimal('113.333333')
    >>> evaluate("x * 12 + 0.5", {"x": 4000})
    Decimal('48000.5')
    >>> evaluate("__import__('os')", {})
    Traceback (most recent call last):
    ValueError: the formula "__import__('os')" may use only names, numbers, ...
    """

    def walk(node: ast.expr) -> Decimal:
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return Decimal(str(node.value))
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise ValueError(f"the formula {formula!r} uses the unknown name "
                                 f"{node.id!r}")
            return Decimal(values[node.id])
        raise ValueError(f"the formula {formula!r} may use only names, numbers, "
                         "+ - * / and parentheses")

    with localcontext() as context:
        context.prec = 40
        try:
            result = walk(_parse(formula))
        except ZeroDivisionError:
            raise ValueError(f"the formula {formula!r} divides by zero") from None
    return round_published(result) if rounded else result


def round_published(value: Decimal) -> Decimal:
    """Round a computed value to the 6 decimal places a dataset publishes.

    >>> round_published(Decimal("1700") / Decimal("15"))
    Decimal('113.333333')
    >>> round_published(Decimal("48000.0"))
    Decimal('48000')
    """
    with localcontext() as context:
        context.prec = 40
        value = value.quantize(Decimal("0.000001"))
    return value.normalize() if value != value.to_integral() else Decimal(int(value))
