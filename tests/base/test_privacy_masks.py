"""The masks of the privacy policy (dvc_cli/privacy.py), each once, on real-looking values."""

from __future__ import annotations

from dvc_cli.privacy import mask, mask_dates, mask_digits, mask_id

LINE = "Nguyễn Thị Dung, CCCD 038196004521, sinh 15/08/1990, ĐT 0912 345 678"


def test_mask_id_keeps_the_first_four_and_last_two_digits():
    assert mask_id("038196004521") == "0381******21"
    assert mask_id(" 038 196.004-521 ") == "0381******21"  # one format, however typed
    assert mask_id("123456789") == "1234***89"  # the old 9-digit CMND
    assert mask_id("004521") == "******"  # too short to show any digit
    assert mask_id("Nguyễn Thị Dung") == ""  # no digits: nothing to show


def test_mask_digits_masks_runs_of_eight_digits_or_more_as_id_numbers():
    assert mask_digits(LINE) == (
        "Nguyễn Thị Dung, CCCD 0381******21, sinh 15/08/1990, ĐT 0912****78"
    )
    assert mask_digits("038 196 004 521") == "0381******21"
    assert mask_digits("0912.345.678 / 0912-345-678") == "0912****78 / 0912****78"
    assert mask_digits("15081990") == "1508**90"  # eight digits: masked
    assert mask_digits("lệ phí 1.500.000 đồng, mẫu 25/2020/QĐST") == (
        "lệ phí 1.500.000 đồng, mẫu 25/2020/QĐST"
    )  # seven digits or fewer stay


def test_mask_dates_hides_every_date():
    assert mask_dates(LINE) == (
        "Nguyễn Thị Dung, CCCD 038196004521, sinh **/**/****, ĐT 0912 345 678"
    )
    assert mask_dates("15.08.1990, 15-8-90, 1990-08-15") == "**/**/****, **/**/****, **/**/****"
    assert mask_dates("mẫu 25/2020/QĐST") == "mẫu 25/2020/QĐST"


def test_mask_is_the_log_filter_dates_then_digit_runs():
    # a name is no pattern: callers keep it out, no mask finds it
    assert mask(LINE) == "Nguyễn Thị Dung, CCCD 0381******21, sinh **/**/****, ĐT 0912****78"
    assert mask("dòng 12: 3 câu hỏi, 48 ms") == "dòng 12: 3 câu hỏi, 48 ms"


def test_initials_keep_each_word_s_first_letter_with_its_accent():
    from dvc_cli.privacy import initials

    assert initials("Nguyễn Thị Dung") == "N.T.D."
    assert initials("Trương Thị Ánh Tuyết") == "T.T.Á.T."
    assert initials("  đỗ   văn  hùng ") == "Đ.V.H."  # typed in lower case, spaced loosely
    assert initials("Nguye\u0302\u0303n Thi\u0323 Dung") == "N.T.D."  # decomposed accents
    assert initials("A\u0301nh") == "Á."  # a decomposed accent on the first letter
    assert initials("") == ""
