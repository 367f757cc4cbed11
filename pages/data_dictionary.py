"""数据说明: every ledger and column, generated from the ledger declaration, with its template."""

from functools import partial

import streamlit as st

from hexie import ui
from hexie.ledgers import LEDGERS
from hexie.templates import READING_RULES, build_template, dictionary_frame, mode_text
from hexie.uploads import milestone_titles

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

ctx = ui.page_context()
milestones = milestone_titles(ctx.plan)
st.subheader("数据说明")
st.caption("看板的数据来自各地上传的十一种台账。每种台账的模板里也有这些说明。")
st.markdown("**表格怎么读**\n\n" + "\n".join(f"- {ui.literal(rule)}" for rule in READING_RULES))
for ledger in LEDGERS:
    with st.expander(f"{ledger.name}（{ledger.key}）", expanded=False):
        st.markdown(f"**每行是**：{ledger.row}。{ledger.help}")
        st.markdown(mode_text(ledger))
        ui.table(dictionary_frame(ledger.key), key=f"dictionary_{ledger.key}")
        st.download_button(
            "下载模板", partial(build_template, ledger.key, milestones), file_name=f"{ledger.name}模板.xlsx",
            mime=XLSX_MIME, key=f"dictionary_template_{ledger.key}",
        )
