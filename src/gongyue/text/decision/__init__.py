"""The amendment as it is voted: a 修改决定 made from two versions, and applied to a text.

``items.py`` is what a decision says, item by item, and how each item is worded;
``written.py`` reads a written decision back into items (a closed grammar: a
sentence no form matches is an error naming its line); ``generate.py`` makes the
items from two texts (with ``terms.py`` for words renamed across articles and
``parts.py`` for 款 and 项); ``apply.py`` applies items to a text, all at once,
each exactly once, renumbers what they do not mention and, with
``references.py``, keeps 本公约第十条 pointing at the same article.
"""
