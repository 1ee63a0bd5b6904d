// Client-side checks for report attachments, mirroring the server's
// (8 MiB; photos, PDF, Word/Excel): a wrong file is flagged before upload.
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
export const ATTACHMENT_ACCEPT = 'image/*,.pdf,.docx,.xlsx';
const ALLOWED_EXT = /\.(jpe?g|png|webp|pdf|docx|xlsx)$/i;

/** null when the file may be uploaded, else 'tooLarge' | 'badType' | 'empty'. */
export function attachmentProblem(file) {
  if (!file) return 'empty';
  if (file.size > MAX_ATTACHMENT_BYTES) return 'tooLarge';
  if (file.size === 0) return 'empty';
  const typeOk = /^image\/(jpeg|png|webp)$/.test(file.type || '');
  if (!typeOk && !ALLOWED_EXT.test(file.name || '')) return 'badType';
  return null;
}

export function formatBytes(n) {
  if (!(n >= 0)) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export const isImageType = (contentType) => /^image\//.test(contentType || '');
