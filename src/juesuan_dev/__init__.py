"""Developer tools shipped beside `analysis` and installed with the `dev` extra.

The renderer (`synth`: a structured description → a realistic 部门决算 PDF, with reportlab) and
the benchmarks. They import `analysis`; `analysis` imports them only lazily, from its command
line (`juesuan render`, `juesuan bench`), so the runtime package carries neither them nor reportlab.
"""
