"""Descriptor helper: k of n in the words Ofsted uses, with the table it comes from.

For inspectors writing up findings: "in a large majority of the cases seen (5 of 7)". The rule
(exact integer thresholds, 003 Annex B, docs/methodology/case-selection.md C9) lives in
annexa/rules/descriptor.py.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from annexa.rules.descriptor import BANDS, describe, descriptor, descriptor_label, is_half

st.title("Descriptor helper")
st.caption("Ofsted's words for proportions of cases seen (the sample-size descriptors in "
           "Annex B of its improvement support handbook). "
           "Thresholds are exact: k of n is in a band when 100 × k reaches the band's lower "
           "percentage of n, so a proportion in a gap between bands takes the lower band and is "
           "never overstated.")

c1, c2, c3 = st.columns([1, 1, 3])
n = c2.number_input("Cases seen (n)", min_value=1, max_value=10_000, value=7, step=1, key="desc_n")
# No max_value of n here: the browser would refuse a larger k without a word and keep showing
# the previous result; a clear message below says what is wrong instead.
k = c1.number_input("Cases with the feature (k)", min_value=0, max_value=10_000, value=5, step=1,
                    key="desc_k")
subject = c3.text_input("Describing", value="the children's cases seen",
                        help="Used to write the sentence below.")

short = None
if k > n:
    st.error(f"{k} cases with the feature is more than the {n} cases seen: k must be at most n. "
             "Change either number.")
else:
    short = descriptor(int(k), int(n))
    st.subheader(descriptor_label(int(k), int(n)))
    # Typed text is shown as written, never as Markdown (a link or markup in it stays inert).
    st.text(describe(int(k), int(n), subject))
    if is_half(int(k), int(n)):
        st.warning("Exactly half has no Ofsted descriptor (the table jumps from 49% to 51%). Say "
                   f"'{k} of {n}' instead of a descriptor word.")

table = pd.DataFrame(
    [{"Proportion": b.table_range or "exactly 50%", "Ofsted descriptor": b.ofsted or "(none)",
      "Shown as": b.short, "This case": "◀" if b.short == short else ""} for b in BANDS]
)
st.markdown("**The table (Improvement support handbook, Annex B)**")
st.dataframe(table, hide_index=True, width="stretch")
