"""Pilot tests of relations, attributes and document labels on the annotation screen."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget

from annotator.records.models import Annotation, Relation, make_document, make_span, now_utc
from annotator.records.tokenization import tokenize, tokenizer_id
from annotator.schema.model import default_schema_path, parse_schema

from .conftest import make_app

TEXT = (
    "Kenya’s President William Ruto said “young Kenyans were recruited by Russia” today.\n"
    "Nearly 200 foreign nationals from 37 countries were captured."
)
LABELLED = ("e", "c", "e", "a", "e", "q")  # Kenya COUNTRY, President William Ruto ACTOR, the QUOTE


def relations_of(app) -> list[tuple[str, str, str]]:
    session = app.screen.session
    return [
        (
            session.spans[session.by_id[r.head]].text,
            r.label,
            session.spans[session.by_id[r.child]].text,
        )
        for r in session.links.ordered_relations()
    ]


async def test_relation_linked_by_keys_listed_under_head_and_partners_lit(app_factory):
    app, store = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*LABELLED, "Q")  # SPEAKER from the focused QUOTE
        assert "SPEAKER" in app.screen.message and app.screen.session.linking
        await pilot.press("shift+tab", "enter")  # the ACTOR before it; enter links, no answer
        assert relations_of(app) == [
            ("young Kenyans were recruited by Russia", "SPEAKER", "President William Ruto")
        ]
        assert app.screen.flow.current is not None and app.screen.session.linking is None
        await pilot.pause(0.3)
        panel = app.screen.query_one("SpanList")
        lines = [line for _, line in panel.rows if line]
        assert lines == ["SPEAKER → ACTOR 'President William Ruto'"]
        actor = app.screen.session.focus
        assert actor[2] == "ACTOR"  # the actor stays focused: its partner, the quote, is lit
        view = app.screen.query_one("DocView")
        quote = next(s for s in app.screen.session.spans.values() if s.label == "QUOTE")
        assert view.partners == set(range(quote.token_start, quote.token_end + 1))
        doc_id = app.screen.flow.current.doc.doc_id
        ops = [e.op for e in store.journal("sample", doc_id, "tester")]
        assert ops[-1]["cmd"] == "link" and ops[-1]["add_rel"][0][2] == "SPEAKER"
        await pilot.press("enter")
        stored = store.current_annotation("sample", doc_id, "tester")
        assert [r.label for r in stored.relations] == ["SPEAKER"]


async def test_wrong_argument_refused_with_rule_message_and_escape_cancels(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*LABELLED, "shift+tab", "Q", "shift+tab", "enter")  # ACTOR → COUNTRY
        assert relations_of(app) == []
        assert "SPEAKER" in app.screen.message and "QUOTE" in app.screen.message
        assert app.screen.session.linking is not None
        await pilot.press("escape")
        assert app.screen.session.linking is None and "cancelled" in app.screen.message
        await pilot.press("enter")  # not linking any more: enter answers the document
        assert app.screen.flow.current is None


async def test_relation_tab_and_enter_typed_together_link_the_tabbed_span(app_factory):
    from textual import events

    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*LABELLED, "g", "tab", "R")  # RECRUITS_FROM from the ACTOR...
        await pilot.press("g")  # ...the cursor back on Kenya, the COUNTRY before it
        assert app.screen.session.linking is not None
        for key in ("shift+tab", "enter"):  # posted at once, as a fast typist sends them
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
        assert relations_of(app) == [("President William Ruto", "RECRUITS_FROM", "Kenya")]
        assert app.screen.flow.current is not None  # enter linked; it did not answer


async def test_relation_escape_typed_with_other_keys_cancels_in_order(app_factory):
    from textual import events

    app, store = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*LABELLED, "g", "tab", "R")
        doc_id = app.screen.flow.current.doc.doc_id
        for key in ("escape", "enter"):  # cancel, then enter answers the document
            app.post_message(events.Key(key, None))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.flow.current is None
        stored = store.current_annotation("sample", doc_id, "tester")
        assert stored.answer == "accept" and stored.relations == ()


async def test_span_delete_takes_its_relations_and_undo_brings_them_back(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*LABELLED, "Q", "shift+tab", "enter", "tab", "x")
        assert relations_of(app) == [] and len(app.screen.session.spans) == 2
        await pilot.press("u")
        assert [r[1] for r in relations_of(app)] == ["SPEAKER"]


async def test_relation_list_toggle_focus_delete_undo(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*LABELLED, "shift+tab", "R", "shift+tab", "enter")
        assert relations_of(app) == [("President William Ruto", "RECRUITS_FROM", "Kenya")]
        listing = app.screen.query_one("RelationList")
        assert not listing.shown
        await pilot.press("ctrl+l")
        assert listing.shown
        assert "RECRUITS_FROM → COUNTRY 'Kenya'" in listing.lines[0].plain
        await pilot.press("ctrl+n", "X")
        assert relations_of(app) == []
        await pilot.press("u")
        assert len(relations_of(app)) == 1
        await pilot.press("ctrl+l")
        assert not listing.shown


async def test_relations_come_back_when_the_document_reopens(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*LABELLED, "Q", "shift+tab", "enter")
    again, _ = app_factory([TEXT])
    async with again.run_test(size=(100, 30)) as pilot:
        assert [r[1] for r in relations_of(again)] == ["SPEAKER"]
        await pilot.press("u")
        assert relations_of(again) == []


async def test_attribute_form_accepts_suggestions_types_and_toggles(app_factory):
    app, store = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"nearly 200", "enter", "f")
        session = app.screen.session
        figure = session.focus
        assert session.spans[figure].text == "Nearly 200"
        await pilot.press("A")
        assert app.screen.__class__.__name__ == "AttributeForm"
        await pilot.press("y")
        assert session.spans[session.focus].attrs == {"value": 200.0, "approx": True}
        await pilot.press("1", "ctrl+u", *"210", "enter")  # value is typed
        await pilot.press("4")  # approx is a bool: toggled off
        await pilot.press("escape")
        assert app.screen.__class__.__name__ == "AnnotateScreen"
        assert session.spans[session.focus].attrs == {"value": 210.0, "approx": False}
        await pilot.press("u")
        assert session.spans[session.focus].attrs == {"value": 210.0, "approx": True}
        await pilot.press("A", "1", "ctrl+u", *"many", "enter")
        assert "number" in app.screen.note
        await pilot.press("escape")
        doc_id = app.screen.flow.current.doc.doc_id
        cmds = [e.op.get("cmd") for e in store.journal("sample", doc_id, "tester")]
        assert cmds[-4:] == ["attributes", "attribute", "attribute", None]  # the last is undo


async def test_required_attribute_missing_is_flagged_like_a_rule_error(tmp_path):
    text = default_schema_path().read_text(encoding="utf-8")
    strict = parse_schema(text.replace('name = "iso3"\n', 'name = "iso3"\nrequired = true\n'))
    app, store = make_app(f"sqlite:///{tmp_path / 'a.db'}", strict, [TEXT])
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("e", "c")
            await pilot.pause(0.3)
            summary, severity = app.screen.validation
            assert severity == "error" and "iso3" in summary
            assert app.screen.query_one("DocView").issue_keys
            await pilot.press("A", "y", "escape")
            await pilot.pause(0.3)
            assert app.screen.validation[1] == "ok"
    finally:
        store.close()


async def test_doc_labels_one_key_per_value_and_stored(app_factory):
    app, store = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.screen.query_one("DocLabelBar")
        assert not bar.display
        await pilot.press(
            "D", "1", "3", "3", "4", "escape"
        )  # on-topic; critical, then none; neutral
        assert app.screen.session.doc_labels == {"relevance": ("on-topic",), "stance": ("neutral",)}
        assert bar.display and "on-topic" in bar.lines[0].plain
        doc_id = app.screen.flow.current.doc.doc_id
        await pilot.press("enter")
        stored = store.current_annotation("sample", doc_id, "tester")
        assert stored.doc_labels == {"relevance": ("on-topic",), "stance": ("neutral",)}


async def test_required_doc_label_blocks_accept_with_a_message(tmp_path):
    text = default_schema_path().read_text(encoding="utf-8")
    strict = parse_schema(
        text.replace('name = "relevance"\n', 'name = "relevance"\nrequired = true\n')
    )
    app, store = make_app(f"sqlite:///{tmp_path / 'd.db'}", strict, [TEXT])
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            assert app.screen.query_one("DocLabelBar").display
            await pilot.press("enter")
            assert app.screen.flow.current is not None
            assert "relevance" in app.screen.message and "D" in app.screen.message
            await pilot.press("D", "2", "enter", "enter")
            assert app.screen.flow.current is None
            (doc_id,) = store.document_ids("sample")
            stored = store.current_annotation("sample", doc_id, "tester")
            assert stored.doc_labels == {"relevance": ("off-topic",)}
    finally:
        store.close()


async def test_relation_key_on_a_focused_relation_in_the_list_retypes_it(tmp_path):
    text = default_schema_path().read_text(encoding="utf-8")
    extra = '\n[[relations]]\nname = "FROM"\nkey = "F"\nhead = ["ACTOR"]\nchild = ["COUNTRY"]\n'
    app, store = make_app(f"sqlite:///{tmp_path / 'r.db'}", parse_schema(text + extra), [TEXT])
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*LABELLED, "shift+tab", "R", "shift+tab", "enter")
            await pilot.press("ctrl+l", "ctrl+n", "F")
            assert relations_of(app) == [("President William Ruto", "FROM", "Kenya")]
            listing = app.screen.query_one("RelationList")
            assert "FROM → COUNTRY 'Kenya'" in listing.lines[0].plain
            assert listing.lines[0].style == "reverse"
            await pilot.press("u")
            assert relations_of(app) == [("President William Ruto", "RECRUITS_FROM", "Kenya")]
    finally:
        store.close()


def many_relations(app_factory, times: int = 9):
    """An app whose one document holds the first sentence of TEXT `times` times, fully linked
    (by default 9 quotes, each with a SPEAKER, and 9 RECRUITS_FROM: 18 relations)."""
    sentence = TEXT.split("\n")[0] + "\n"
    text = sentence * times
    doc = make_document(text, tokenize(text), tokenizer_id(), {"title": "many"})
    spans, relations = [], []
    for at in range(0, len(text), len(sentence)):
        actor, country, quote = (
            make_span(doc, at + a, at + b, label)
            for label, a, b in (
                ("ACTOR", *part("President William Ruto")),
                ("COUNTRY", *part("Kenya")),
                ("QUOTE", *part("young Kenyans were recruited by Russia")),
            )
        )
        spans += [actor, country, quote]
        relations.append(Relation(head=quote.id, child=actor.id, label="SPEAKER"))
        relations.append(Relation(head=actor.id, child=country.id, label="RECRUITS_FROM"))
    app, store = app_factory([])
    store.add_documents("sample", [doc])
    now = now_utc()
    answer = Annotation(
        doc_id=doc.doc_id,
        annotator="tester",
        answer="accept",
        spans=tuple(spans),
        relations=tuple(relations),
        schema="foreign-fighters@1.0.0",
        created_at=now,
        updated_at=now,
    )
    store.add_annotation("sample", answer)
    return app, doc, relations


async def test_relation_list_follows_ctrl_n_through_more_relations_than_it_shows(app_factory):
    app, doc, relations = many_relations(app_factory)
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.show_document(app.screen.flow.open(doc.doc_id))
        listing = app.screen.query_one("RelationList")
        session = app.screen.session
        seen = []
        for _ in range(len(relations)):
            await pilot.press("ctrl+n")
            focused = session.relations[session.relation_focus]
            (shown,) = [line.plain for line in listing.lines if line.style == "reverse"]
            assert shown == f" {session.links.head_line(focused)}"
            assert len(listing.lines) <= listing.ROWS  # only what fits is drawn
            seen.append(focused.key)
        assert sorted(seen) == sorted(session.relations)  # every relation came into view
        await pilot.press("ctrl+p")
        (shown,) = [line.plain for line in listing.lines if line.style == "reverse"]
        assert shown == f" {session.links.head_line(session.relations[seen[-2]])}"


async def test_cursor_and_focused_span_stay_above_the_shown_relation_list(app_factory):
    app, doc, _ = many_relations(app_factory)
    async with app.run_test(size=(100, 24)) as pilot:
        app.screen.show_document(app.screen.flow.open(doc.doc_id))
        await pilot.press("ctrl+l")
        await pilot.pause(0.05)
        session = app.screen.session
        view, panel = app.screen.query_one("DocView"), app.screen.query_one("SpanList")
        listing = app.screen.query_one("RelationList")
        assert listing.region.bottom == view.region.bottom  # it lies over the article's last rows
        for _ in range(len(view.layout_.rows)):
            await pilot.press("down")
            on_screen = view.region.y + view.row_of(session.cursor) - int(view.scroll_offset.y)
            assert view.region.y <= on_screen < listing.region.y
        for _ in range(len(session.spans)):
            await pilot.press("tab")
            row = panel.region.y + panel._row_of[session.focus] - int(panel.scroll_offset.y)
            assert panel.region.y <= row < listing.region.y
        await pilot.press("ctrl+l")  # hidden again: the article reads to the bottom once more
        await pilot.pause(0.05)
        assert view.rows_in_view == view.scrollable_content_region.height
        assert view.scroll_offset.y <= max(0, len(view.layout_.rows) - view.rows_in_view)


async def test_ctrl_n_to_a_relation_out_of_view_brings_it_to_the_middle(app_factory):
    app, doc, _ = many_relations(app_factory, times=40)
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.show_document(app.screen.flow.open(doc.doc_id))
        view, session = app.screen.query_one("DocView"), app.screen.session
        scrolls = []
        for _ in range(40):
            before = int(view.scroll_offset.y)
            await pilot.press("ctrl+n")
            if int(view.scroll_offset.y) != before:
                scrolls.append(view.row_of(session.cursor) - int(view.scroll_offset.y))
        # each jump out of view lands mid-view, so the next steps need no scroll
        assert scrolls and all(row == view.rows_in_view // 2 for row in scrolls)
        assert len(scrolls) <= 40 // (view.rows_in_view // 2 // 2)


def part(text: str) -> tuple[int, int]:
    """Where `text` sits in the first sentence of TEXT."""
    start = TEXT.index(text)
    return start, start + len(text)


async def test_relation_attributes_edited_in_the_form_from_the_relation_list(tmp_path):
    text = default_schema_path().read_text(encoding="utf-8")
    extra = (
        '\n[[relations.attributes]]\nname = "certainty"\ntype = "enum"\n'
        'values = ["high", "low"]\nrequired = true\n'
    )
    at = text.index('[[relations]]\nname = "USES"')  # the attributes of RECRUITS_FROM
    schema = parse_schema(text[:at] + extra + text[at:])
    app, store = make_app(f"sqlite:///{tmp_path / 'a.db'}", schema, [TEXT])
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press(*LABELLED, "shift+tab", "R", "shift+tab", "enter")
            assert relations_of(app) == [("President William Ruto", "RECRUITS_FROM", "Kenya")]
            await pilot.pause(0.4)  # validation: the missing required attribute is flagged
            assert "E312" in app.screen.validation[0]
            await pilot.press("ctrl+l", "ctrl+n", "A")
            form = app.screen
            assert "RECRUITS_FROM" in str(form.query_one("#form").render())
            await pilot.press("1", "a", "escape")
            (relation,) = app.screen.session.relations.values()
            assert relation.attrs == {"certainty": "high"}
            doc_id = app.screen.flow.current.doc.doc_id
            ops = [e.op for e in store.journal("sample", doc_id, "tester")]
            assert ops[-1]["cmd"] == "relation attribute"
            await pilot.pause(0.4)
            assert "E312" not in app.screen.validation[0]
            await pilot.press("u")  # undone like any edit
            (relation,) = app.screen.session.relations.values()
            assert relation.attrs == {}
    finally:
        store.close()


async def test_relation_list_rows_with_a_focused_relation_are_what_textual_draws(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*LABELLED, "Q", "shift+tab", "enter", "ctrl+l", "ctrl+n")
        await pilot.pause()
        listing = app.screen.query_one("RelationList")
        assert listing.lines[0].style == "reverse"
        whole = Region(0, 0, *listing.region.size)
        kept = [list(strip) for strip in listing.render_lines(whole)]
        listing.refresh()
        assert kept == [list(strip) for strip in Widget.render_lines(listing, whole)]


async def test_ctrl_n_jump_frames_only_look_up_rows_drawn_ahead_and_match_textual(app_factory):
    app, doc, _ = many_relations(app_factory, times=40)
    async with app.run_test(size=(100, 40)) as pilot:
        app.screen.show_document(app.screen.flow.open(doc.doc_id))
        view, panel = app.screen.query_one("DocView"), app.screen.query_one("SpanList")
        panel_rows: list[int] = []
        original = panel.draw_row
        panel.draw_row = lambda row: panel_rows.append(row) or original(row)  # type: ignore[method-assign]
        jumps = 0
        for _ in range(80):
            await pilot.pause()  # the keys pause: the next jump's rows are drawn ahead
            before, top = view.rows_rendered, int(view.scroll_offset.y)
            panel_rows.clear()
            await pilot.press("ctrl+n")
            await pilot.pause()
            if int(view.scroll_offset.y) == top:
                continue
            jumps += 1
            # only rows whose marks changed (cursor, focus, partners) are drawn in the frame
            assert view.rows_rendered - before <= 4
            assert len(panel_rows) <= 2  # the focus moved from one row to another
            for widget in (view, panel):
                whole = Region(0, 0, *widget.region.size)
                kept = [list(strip) for strip in widget.render_lines(whole)]
                widget.refresh()
                assert kept == [list(strip) for strip in Widget.render_lines(widget, whole)]
        assert jumps >= 3


async def test_relation_list_lines_drawn_ahead_are_only_looked_up_when_shown(app_factory):
    app, _ = app_factory([TEXT])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+l")
        await pilot.pause()
        listing = app.screen.query_one("RelationList")
        lines = [f"QUOTE 'line {i}' SPEAKER → ACTOR 'speaker {i}'" for i in range(60)]
        listing.show_relations(lines, 0)
        await pilot.pause()
        assert listing.prepare_lines(lines, 30) == listing.ROWS  # a window none of it shown yet
        drawn: list = []
        original = listing.draw_text
        listing.draw_text = lambda line: drawn.append(line) or original(line)  # type: ignore[method-assign]
        listing.show_relations(lines, 30)
        await pilot.pause()
        assert drawn == [] and "line 30" in listing.lines[listing.ROWS // 2].plain
        whole = Region(0, 0, *listing.region.size)
        kept = [list(strip) for strip in listing.render_lines(whole)]
        listing.refresh()
        assert kept == [list(strip) for strip in Widget.render_lines(listing, whole)]
