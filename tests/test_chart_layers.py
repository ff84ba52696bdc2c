"""dashboard/charts.py layer_chart: a layered chart made without Altair's merging of layers
(which only deep-copies them when they carry no parameters, data or sizes) is the same chart."""

from __future__ import annotations

import json

import altair as alt
import pytest
from test_briefing_page import open_briefing

from dashboard import charts


def _specs(at) -> list[dict]:
    return [json.loads(e.proto.spec) for e in at.get("vega_lite_chart")]


def test_every_briefing_chart_is_the_one_altair_would_make(demo_db, monkeypatch):
    open_briefing("X02")  # the first view of a new copy reads its data version afresh
    fast = _specs(open_briefing("X02"))
    monkeypatch.setattr(charts, "layer_chart",
                        lambda *, layer, **kwargs: alt.LayerChart(layer=layer, **kwargs))
    import streamlit as st

    st.cache_data.clear()
    slow = _specs(open_briefing("X02"))
    assert len(fast) > 10
    assert [s.get("title") for s in fast] == [s.get("title") for s in slow]
    for made, altairs in zip(fast, slow, strict=True):
        assert made == altairs, made.get("title")


def test_a_layer_with_its_own_parameters_goes_through_altair():
    brush = alt.selection_interval()
    layer = alt.Chart().mark_point().encode(x="a:Q").add_params(brush)
    chart = charts.layer_chart(layer=[layer, alt.Chart().mark_line().encode(x="a:Q")],
                               data=alt.Data(values=[{"a": 1}]))
    spec = chart.to_dict(validate=False)
    assert spec["params"]  # lifted to the top, as Altair does


@pytest.mark.parametrize("key", ["height", "width"])
def test_a_layer_with_its_own_size_goes_through_altair(key):
    layer = alt.Chart().mark_point().encode(x="a:Q").properties(**{key: 50})
    spec = charts.layer_chart(layer=[layer], data=alt.Data(values=[{"a": 1}])).to_dict(
        validate=False)
    assert spec[key] == 50 and key not in spec["layer"][0]
