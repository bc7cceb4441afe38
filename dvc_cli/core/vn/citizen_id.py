"""The 12-digit citizen ID (số định danh cá nhân / căn cước): structure checks.

Digits 1-3: province where the birth was registered (the pre-2025 63-province codes,
unchanged by the 2025 mergers); digit 4: gender and century; digits 5-6: last two digits
of the birth year; digits 7-12: random. Source: Thông tư 59/2021/TT-BCA (previously
Thông tư 07/2016/TT-BCA).
"""

from __future__ import annotations

from dvc_cli.i18n import N_, _

BIRTH_PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Thành phố Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# digit 4 → (gender, first year of the century)
_GENDER_CENTURY: dict[str, tuple[str, int]] = {
    "0": ("nam", 1900),
    "1": ("nu", 1900),
    "2": ("nam", 2000),
    "3": ("nu", 2000),
    "4": ("nam", 2100),
    "5": ("nu", 2100),
    "6": ("nam", 2200),
    "7": ("nu", 2200),
    "8": ("nam", 1800),
    "9": ("nu", 1800),
}


def birth_year(number: object) -> int | None:
    """The year of birth a 12-digit ID number carries (digit 4: century; 5-6: year), or None
    when it is not one; in procedure files as ``id_birth_year(requester_id_number)``."""
    if not (isinstance(number, str) and len(number) == 12 and number.isdigit()):
        return None
    if not number.isascii():
        return None
    return _GENDER_CENTURY[number[3]][1] + int(number[4:6])


def normalise(raw: str) -> str:
    """Drop spaces, dots and dashes people type inside the number."""
    return raw.translate(_TYPED_BETWEEN)


_TYPED_BETWEEN = str.maketrans("", "", " .-\t")


def check(number: str, *, gender: str | None = None, birth_year: int | None = None) -> str | None:
    """Return an error message (in the interface language), or None when ``number`` is a
    plausible ID.

    ``gender`` is ``"nam"`` or ``"nu"``. Messages never repeat the number itself nor the
    birth year: at most its first four digits (the province and gender-century codes), which
    the masked form ``0381******21`` (:func:`dvc_cli.privacy.mask_id`) shows as well.
    """
    if not number.isdigit() or not number.isascii():
        return _("số định danh chỉ gồm chữ số")
    if len(number) == 9:
        return _("đây là số CMND 9 số cũ; hãy nhập số định danh cá nhân 12 số trên thẻ căn cước")
    if len(number) != 12:
        return _("số định danh phải có đúng 12 chữ số (đã nhập {count})").format(count=len(number))
    if number[:3] not in BIRTH_PROVINCE_CODES:
        return _("3 số đầu ({code}) không phải mã tỉnh nơi đăng ký khai sinh").format(
            code=number[:3]
        )
    id_gender, century = _GENDER_CENTURY[number[3]]
    if gender is not None and gender != id_gender:
        return _(
            "chữ số thứ 4 ({digit}) là của người giới tính {gender}, "
            "không khớp với giới tính đã khai"
        ).format(digit=number[3], gender=_(N_("nam") if id_gender == "nam" else N_("nữ")))
    if birth_year is not None:
        if number[4:6] != f"{birth_year % 100:02d}":
            return _("chữ số thứ 5-6 phải là hai số cuối của năm sinh đã khai")
        if not century <= birth_year < century + 100:
            return _(
                "chữ số thứ 4 ({digit}) chỉ người sinh năm {first}-{last}, "
                "không khớp với năm sinh đã khai"
            ).format(digit=number[3], first=century, last=century + 99)
    return None
