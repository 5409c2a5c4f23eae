// One summary of zod issues for every boundary (IPC, sync client, server, outbox, domain rules), so a
// refusal reads the same everywhere: "field.path: message; …", at most a few issues.
export interface IssueLike {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
}

export function summariseIssues(issues: ReadonlyArray<IssueLike>, max = 5): string {
  const shown = issues.slice(0, max).map((i) => `${i.path.map(String).join('.') || '(dữ liệu)'}: ${i.message}`);
  const more = issues.length > max ? `; và ${issues.length - max} lỗi khác` : '';
  return shown.join('; ') + more;
}

/** Only the messages, for rules whose messages already name the field ("Vui lòng nhập họ và tên."). */
export function issueMessages(issues: ReadonlyArray<IssueLike>): string {
  return [...new Set(issues.map((i) => i.message))].join(' ');
}
