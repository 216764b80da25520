"""A name as part of a proposed file name: the one rule the command line and the app's Save… dialogs share."""

from __future__ import annotations

from careerpath.graph.file_stems import PART_BYTES, file_part


def test_the_command_line_makes_one_word_and_the_app_keeps_spaces() -> None:
    assert file_part("José Ñúñez/Ölander") == "José-Ñúñez-Ölander"
    assert file_part("José Ñúñez/Ölander", keep_spaces=True) == "José Ñúñez-Ölander"
    assert file_part("Cafe\u0301 <b>", keep_spaces=True) == "Café -b"  # composed, as macOS compares names
    assert file_part(" .?. ", "portfolio", keep_spaces=True) == "portfolio"


def test_a_long_name_is_cut_in_whole_characters_and_no_joiner_is_left_dangling() -> None:
    assert file_part("资格" * 100) == "资格" * 16 + "资"  # 99 bytes; 100 would split 格
    cut = file_part("a" * (PART_BYTES - 1) + "\u200d" + "b")  # the cut falls just after the zero-width joiner
    assert cut == "a" * (PART_BYTES - 1)
    assert file_part("ک\u200cه") == "ک\u200cه"  # inside a name a joiner spells it and stays
