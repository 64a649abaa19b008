"""The staff pages' forms (Flask-WTF: every one carries its CSRF token), with Thai messages."""

from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from db.models.staff import ROLES

REQUIRED = "กรุณากรอกช่องนี้"
MIN_PASSWORD = 10
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class LoginForm(FlaskForm):
    email = EmailField("อีเมล", validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField("รหัสผ่าน", validators=[DataRequired(REQUIRED)])


class AccountForm(FlaskForm):
    email = EmailField(
        "อีเมล",
        validators=[DataRequired(REQUIRED), Regexp(EMAIL, message="อีเมลไม่ถูกต้อง"), Length(max=254)],
    )
    name = StringField("ชื่อ", validators=[DataRequired(REQUIRED), Length(max=100)])
    role = SelectField("บทบาท", choices=[])
    areas = StringField(
        "พื้นที่",
        description="จังหวัด หรือ จังหวัด/อำเภอ คั่นหลายพื้นที่ด้วยจุลภาค เช่น ลำปาง, นครราชสีมา/ปากช่อง",
        validators=[Length(max=500)],
    )
    password = PasswordField(
        "รหัสผ่าน",
        description=f"อย่างน้อย {MIN_PASSWORD} ตัวอักษร (เว้นว่างไว้ถ้าไม่เปลี่ยน)",
        validators=[Optional(), Length(min=MIN_PASSWORD, message=f"อย่างน้อย {MIN_PASSWORD} ตัวอักษร")],
    )

    def __init__(self, *args, role_names: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = [(role, role_names[role]) for role in ROLES]


class CohortForm(FlaskForm):
    name = StringField("ชื่อรุ่น", validators=[DataRequired(REQUIRED), Length(max=120)])
    province = SelectField("จังหวัด", coerce=int, choices=[])
    district = SelectField("อำเภอ", coerce=int, choices=[])
    starts_on = DateField("วันเริ่ม", validators=[Optional()])
    ends_on = DateField("วันจบ", validators=[Optional()])
    coach = SelectField("โค้ช", coerce=int, choices=[])
    invite_code = StringField(
        "รหัสเชิญ",
        description="ไม่ใส่ก็ได้ ระบบจะตั้งให้ (ตัวอักษรอังกฤษหรือตัวเลข 4–20 ตัว)",
        validators=[Optional(), Length(min=4, max=20, message="4–20 ตัวอักษร")],
    )

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("วันจบต้องไม่ก่อนวันเริ่ม")
