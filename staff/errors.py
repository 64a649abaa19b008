"""The staff pages' error pages, in Thai: a refused form, a page not allowed, one not found."""

from flask import render_template
from flask_wtf.csrf import CSRFError

from staff import bp

MESSAGES = {
    400: ("ส่งแบบฟอร์มไม่สำเร็จ", "แบบฟอร์มหมดอายุหรือไม่ได้มาจากหน้านี้ กรุณากลับไปหน้าเดิมแล้วลองใหม่"),
    403: ("ไม่มีสิทธิ์", "บัญชีของคุณเปิดหน้านี้ไม่ได้"),
    404: ("ไม่พบหน้านี้", "ไม่มีข้อมูลนี้ หรืออยู่นอกพื้นที่ของคุณ"),
}


@bp.errorhandler(CSRFError)
def refused_form(error):
    """Refuse a form without a valid CSRF token, saying what to do."""
    return _page(400)


@bp.errorhandler(403)
def not_allowed(error):
    return _page(403)


@bp.errorhandler(404)
def not_found(error):
    return _page(404)


def _page(status: int):
    title, text = MESSAGES[status]
    return render_template("staff/error.html", title=title, text=text), status
