// Roles of the desk's accounts and what each may do. The commands check these; the screens only
// hide what the commands would refuse anyway.
export const ROLES = ['officer', 'postal', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL_VI: Record<Role, string> = {
  officer: 'Công chức tiếp nhận',
  postal: 'Nhân viên bưu điện',
  supervisor: 'Lãnh đạo / theo dõi',
  admin: 'Quản trị viên',
};

export type Permission =
  | 'read'
  | 'receive'
  | 'transition'
  | 'edit'
  | 'print'
  | 'export'
  | 'reveal'
  | 'postal'
  | 'digitise'
  | 'settings'
  | 'accounts'
  | 'sync'
  | 'backup'
  | 'audit_verify'
  | 'purge';

export const PERMISSION_LABEL_VI: Record<Permission, string> = {
  read: 'xem hồ sơ',
  receive: 'tiếp nhận hồ sơ',
  transition: 'chuyển trạng thái hồ sơ',
  edit: 'sửa thông tin hồ sơ',
  print: 'in biểu mẫu',
  export: 'xuất sổ theo dõi, báo cáo',
  reveal: 'xem đầy đủ số CCCD, số điện thoại',
  postal: 'ghi nhận việc của bưu điện',
  digitise: 'số hoá (quét) thành phần hồ sơ và kết quả',
  settings: 'thay đổi thiết lập của quầy',
  accounts: 'quản lý tài khoản',
  sync: 'quản lý đồng bộ với tỉnh',
  backup: 'sao lưu, khôi phục dữ liệu',
  audit_verify: 'kiểm tra toàn vẹn nhật ký',
  purge: 'xóa dữ liệu cá nhân hết hạn lưu',
};

/**
 * Postal staff receive, digitise and record postal work; officers do everything at the desk;
 * supervisors read, export and report; administrators manage settings, accounts, sync and backups
 * (and, at a small commune where one person does both, the desk's work too).
 */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  postal: ['read', 'receive', 'print', 'postal', 'digitise'],
  officer: ['read', 'receive', 'transition', 'edit', 'print', 'export', 'reveal', 'postal', 'digitise'],
  supervisor: ['read', 'print', 'export', 'reveal', 'audit_verify'],
  admin: ['read', 'receive', 'transition', 'edit', 'print', 'export', 'reveal', 'postal', 'digitise', 'settings', 'accounts', 'sync', 'backup', 'audit_verify', 'purge'],
};

export const can = (role: Role, p: Permission) => ROLE_PERMISSIONS[role].includes(p);
