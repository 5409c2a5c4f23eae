// Seed catalog of commune-level procedures. Times and fees vary by province: the province's catalog,
// received by sync, replaces this. Codes checked against the national TTHC database (DVCQG); a variant of
// one procedure (e.g. with verification) is "<code>#<variant>" and reaches the province as the bare code.
import type { Procedure, ProcedureComponent } from './procedure';

const HO_TICH = { fieldCode: 'G09-TP04', fieldName: 'Hộ tịch' };
const CHUNG_THUC = { fieldCode: 'G09-TP01', fieldName: 'Chứng thực' };
const LIEN_THONG = { fieldCode: 'G09-LT01', fieldName: 'Liên thông thủ tục hành chính' };
const COMMUNE = 'Ủy ban nhân dân cấp xã';

const c = (id: string, name: string, required = true, originals = 1, copies = 0): ProcedureComponent => ({ id, name, required, originals, copies });
const REQUEST_FORM = (name: string) => c('to-khai', name);
const ID_DOC = c('giay-to-tuy-than', 'Giấy tờ tùy thân của người yêu cầu (CCCD, hộ chiếu) để xuất trình', true, 1, 0);
const AUTHORIZATION = c('van-ban-uy-quyen', 'Văn bản ủy quyền (trường hợp ủy quyền thực hiện)', false, 1, 0);

export const SEED_CATALOG: Procedure[] = [
  {
    code: '1.001193', name: 'Đăng ký khai sinh', ...HO_TICH,
    processingTime: { unit: 'same_day', value: 0 }, cutoffRule: true,
    fee: { kind: 'free', note: 'Miễn lệ phí đăng ký đúng hạn' },
    components: [REQUEST_FORM('Tờ khai đăng ký khai sinh'), c('giay-chung-sinh', 'Giấy chứng sinh hoặc văn bản thay giấy chứng sinh'), ID_DOC, AUTHORIZATION],
    onlineKind: 'full', resultAgency: COMMUNE, active: true,
  },
  {
    code: '1.000894', name: 'Đăng ký kết hôn', ...HO_TICH,
    processingTime: { unit: 'same_day', value: 0 }, cutoffRule: true,
    fee: { kind: 'free' },
    components: [REQUEST_FORM('Tờ khai đăng ký kết hôn'), c('xac-nhan-hon-nhan', 'Giấy xác nhận tình trạng hôn nhân (nếu đăng ký tại nơi không cư trú)', false), ID_DOC],
    onlineKind: 'partial', resultAgency: COMMUNE, active: true,
  },
  {
    // The same DVCQG procedure when the facts must be verified (Luật Hộ tịch, Điều 18): up to 5 working days.
    code: '1.000894#xac-minh', name: 'Đăng ký kết hôn (trường hợp cần xác minh)', ...HO_TICH,
    processingTime: { unit: 'working_days', value: 5 }, cutoffRule: false,
    fee: { kind: 'free' },
    components: [REQUEST_FORM('Tờ khai đăng ký kết hôn'), c('xac-nhan-hon-nhan', 'Giấy xác nhận tình trạng hôn nhân (nếu đăng ký tại nơi không cư trú)', false), ID_DOC],
    onlineKind: 'partial', resultAgency: COMMUNE, active: true,
  },
  {
    code: '1.000656', name: 'Đăng ký khai tử', ...HO_TICH,
    processingTime: { unit: 'same_day', value: 0 }, cutoffRule: true,
    fee: { kind: 'free', note: 'Miễn lệ phí đăng ký đúng hạn' },
    components: [REQUEST_FORM('Tờ khai đăng ký khai tử'), c('bao-tu', 'Giấy báo tử hoặc giấy tờ thay thế giấy báo tử'), ID_DOC, AUTHORIZATION],
    onlineKind: 'full', resultAgency: COMMUNE, active: true,
  },
  {
    // When the death must be verified: up to 3 working days.
    code: '1.000656#xac-minh', name: 'Đăng ký khai tử (trường hợp cần xác minh)', ...HO_TICH,
    processingTime: { unit: 'working_days', value: 3 }, cutoffRule: false,
    fee: { kind: 'free', note: 'Miễn lệ phí đăng ký đúng hạn' },
    components: [REQUEST_FORM('Tờ khai đăng ký khai tử'), c('bao-tu', 'Giấy báo tử hoặc giấy tờ thay thế giấy báo tử'), ID_DOC, AUTHORIZATION],
    onlineKind: 'full', resultAgency: COMMUNE, active: true,
  },
  {
    code: '1.003014', name: 'Liên thông đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi', ...LIEN_THONG,
    processingTime: { unit: 'working_days', value: 3 }, cutoffRule: false,
    fee: { kind: 'free' },
    components: [REQUEST_FORM('Tờ khai điện tử liên thông'), c('giay-chung-sinh', 'Giấy chứng sinh'), c('dong-y-cho-o', 'Văn bản đồng ý cho đăng ký thường trú của chủ hộ (nếu có)', false), ID_DOC],
    onlineKind: 'full', resultAgency: COMMUNE, active: true,
  },
  {
    code: '1.003015', name: 'Liên thông đăng ký khai tử, xóa đăng ký thường trú, hưởng chế độ tử tuất, hỗ trợ chi phí mai táng', ...LIEN_THONG,
    processingTime: { unit: 'working_days', value: 5 }, cutoffRule: false,
    fee: { kind: 'free' },
    components: [REQUEST_FORM('Tờ khai điện tử liên thông'), c('bao-tu', 'Giấy báo tử hoặc giấy tờ thay thế'), c('so-bhxh', 'Sổ bảo hiểm xã hội hoặc giấy tờ hưởng chế độ (nếu có)', false), ID_DOC],
    onlineKind: 'partial', resultAgency: COMMUNE, active: true,
  },
  {
    code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', ...HO_TICH,
    processingTime: { unit: 'working_days', value: 3 }, cutoffRule: false,
    fee: { kind: 'flat', amount: 15000, per: 'case' },
    // Sample: many provinces waive this fee online. The province's catalog replaces it.
    onlineFee: { kind: 'free', note: 'Miễn lệ phí khi nộp trực tuyến' },
    components: [REQUEST_FORM('Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'), c('xac-nhan-cu', 'Giấy xác nhận tình trạng hôn nhân đã cấp trước đây (nếu có)', false), ID_DOC],
    onlineKind: 'full', resultAgency: COMMUNE, active: true,
  },
  {
    code: '2.000815', name: 'Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm quyền của Việt Nam cấp hoặc chứng nhận', ...CHUNG_THUC,
    processingTime: { unit: 'same_day', value: 0 }, cutoffRule: true,
    fee: { kind: 'per_page', firstPages: 2, firstRate: 2000, laterRate: 1000, maxPerCopy: 200000 },
    components: [c('ban-chinh', 'Bản chính giấy tờ, văn bản cần chứng thực'), c('ban-chup', 'Bản sao cần chứng thực', true, 0, 1)],
    onlineKind: 'none', resultAgency: COMMUNE, active: true,
  },
  {
    code: '2.000884', name: 'Chứng thực chữ ký trong các giấy tờ, văn bản', ...CHUNG_THUC,
    processingTime: { unit: 'same_day', value: 0 }, cutoffRule: true,
    fee: { kind: 'flat', amount: 10000, per: 'case' },
    components: [c('giay-to-ky', 'Giấy tờ, văn bản cần chứng thực chữ ký'), ID_DOC],
    onlineKind: 'none', resultAgency: COMMUNE, active: true,
  },
  {
    code: '2.001035', name: 'Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản', ...CHUNG_THUC,
    processingTime: { unit: 'working_days', value: 2 }, cutoffRule: false,
    fee: { kind: 'flat', amount: 50000, per: 'contract' },
    components: [c('du-thao-hop-dong', 'Dự thảo hợp đồng, giao dịch'), c('giay-to-tai-san', 'Bản sao giấy chứng nhận quyền sở hữu tài sản', true, 0, 1), ID_DOC],
    onlineKind: 'none', resultAgency: COMMUNE, active: true,
  },
  {
    code: '2.000635', name: 'Cấp bản sao trích lục hộ tịch', ...HO_TICH,
    processingTime: { unit: 'same_day', value: 0 }, cutoffRule: true,
    fee: { kind: 'flat', amount: 8000, per: 'copy' },
    // Sample of an HĐND rule: half the fee for a request submitted online. The province's catalog replaces it.
    onlineFee: { kind: 'flat', amount: 4000, per: 'copy' },
    components: [REQUEST_FORM('Tờ khai cấp bản sao trích lục hộ tịch'), ID_DOC, AUTHORIZATION],
    onlineKind: 'full', resultAgency: COMMUNE, active: true,
  },
  {
    code: '1.004859', name: 'Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch', ...HO_TICH,
    processingTime: { unit: 'working_days', value: 3 }, cutoffRule: false,
    fee: { kind: 'flat', amount: 15000, per: 'case' },
    components: [REQUEST_FORM('Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch'), c('giay-to-lien-quan', 'Giấy tờ liên quan làm căn cứ thay đổi, cải chính', true, 0, 1), c('giay-khai-sinh', 'Bản chính Giấy khai sinh của người cần cải chính'), ID_DOC],
    onlineKind: 'partial', resultAgency: COMMUNE, active: true,
  },
  {
    code: '1.001022', name: 'Đăng ký nhận cha, mẹ, con', ...HO_TICH,
    processingTime: { unit: 'working_days', value: 3 }, cutoffRule: false,
    fee: { kind: 'flat', amount: 15000, per: 'case' },
    components: [REQUEST_FORM('Tờ khai đăng ký nhận cha, mẹ, con'), c('chung-cu', 'Văn bản, tài liệu chứng minh quan hệ cha, mẹ, con'), ID_DOC],
    onlineKind: 'partial', resultAgency: COMMUNE, active: true,
  },
];

/** The DVCQG code (MaTTHC) of a catalog entry: a variant "1.000894#xac-minh" is 1.000894. */
export function dvcqgProcedureCode(code: string): string {
  return code.split('#')[0];
}
