"""Ordinary Vietnamese prose, full of numbers, dates and fractions, names no document."""
from __future__ import annotations

import pytest

from kg.extract.references import find_references
from kg.model import Record, Region, Structure
from kg.read import normalise

PROSE = [
    # news
    """Sáng ngày 2-9-1945, tại Quảng trường Ba Đình, Chủ tịch Hồ Chí Minh đọc Tuyên ngôn độc lập.
    Năm 2024, cả nước kỷ niệm 79 năm Cách mạng Tháng Tám (19/8/1945 - 19/8/2024) và Quốc khánh 2/9.
    Lễ mít tinh bắt đầu lúc 7 giờ 30 phút, kết thúc lúc 9h15; khoảng 4-5 nghìn người dự.""",
    # statistics
    """Tốc độ tăng trưởng GDP quý III/2023 đạt 5,33%, cao hơn mức 4,05% của quý II; tỷ lệ 3/4 số
    tỉnh đạt kế hoạch. Giai đoạn 2016-2021 có 1.234 doanh nghiệp thành lập mới, tăng 12,5% so với
    2011 - 2015. Tỷ số nợ trên vốn là 2:1, thu nhập bình quân 4,5 triệu đồng/người/tháng, giá
    xăng 23.500 đồng/lít. Kế hoạch 5 năm 2021 - 2025 đặt mục tiêu 6-7%/năm; Chương trình 2 năm
    hoàn thành 19/28 chỉ tiêu, báo cáo 3 tháng đầu năm nêu 02 nội dung, 05 nhiệm vụ trọng tâm.
    Kế hoạch 10 ngày cao điểm; Quyết định 2 lần trong tháng; Chương trình 30a; hướng dẫn 02 thạc sĩ.""",
    # addresses and phones
    """Trụ sở đặt tại số 12/3 đường Lê Lợi, phường 4, quận 5, TP. Hồ Chí Minh; chi nhánh tại
    Km 15+200 Quốc lộ 1A, xã Tân Lập, huyện 2/9. Điện thoại: 028-3829-1234, 0903 123 456,
    fax (024) 3733 1234; hộp thư 15-HN/BĐ; mã bưu chính 700000. Căn hộ B2-05/12A tầng 7.""",
    # health, sport, time
    """Đến 18 giờ ngày 30/9/2021, cả nước ghi nhận 790.755 ca mắc COVID-19, trong đó 19.301 ca tử
    vong; tỷ lệ tiêm vắc-xin mũi 1 đạt 2/3 dân số. Trận chung kết kết thúc với tỷ số 3-1, hiệp 1
    là 1-0; vận động viên về đích sau 2:05:30. Nhiệt độ 25-27 độ C, độ ẩm 80/100.""",
    # meetings and events that are not documents
    """Sau Đại hội XII của Đảng, đoàn đại biểu dự Đại hội XII của Đảng Nhân dân cách mạng Lào;
    Hội nghị Trung ương 4 khóa XIII diễn ra từ ngày 4 đến ngày 7/10/2021. Đề án trình Hội nghị
    Trung ương 9 được chuẩn bị kỹ. Chuẩn bị Đại hội Đảng toàn quốc lần thứ XIII, Đại hội XIV của
    Đảng. Các nghị quyết của Trung ương, nghị quyết đại hội đảng bộ các cấp và Nghị quyết của Đảng
    được quán triệt; Kết luận này có hiệu lực từ ngày ký. Quy định số ... của Ban Thường vụ Tỉnh ủy
    sẽ được ban hành. Thẩm định các đề án về tổ chức bộ máy, biên chế, điều lệ, cán bộ.""",
    # list numbering and legal articles
    """Điều 5. Khoản 2 Điều 12 quy định rõ; mục 3.2.1 và điểm a khoản 1; xem trang 15-16.
    Bảng 2/2023 gồm 12 cột. Lớp 10A1, phòng 302-B, ô tô biển số 29A-123.45, chuyến bay VN-215.""",
]


@pytest.mark.parametrize("paragraph", PROSE, ids=[p.split()[0] + str(i) for i, p in enumerate(PROSE)])
def test_prose_names_no_document(paragraph):
    text = normalise(paragraph)
    refs, links = find_references(text, Structure(regions=[Region("body", 0, len(text.text))]), Record(date="2024-01-11"))
    assert [(r.kind, r.text) for r in refs] == []
    assert links == []
