import { reactive, type Ref } from 'vue';
import { uploadFile, UploadError, type UploadPurpose } from '../lib/upload';

export interface UploadItem {
  key: number;
  name: string;
  /** 0..1 */
  progress: number;
  error: string | null;
}

let seq = 0;

/**
 * Drag and drop, paste and a file picker for a markdown textarea: each file is uploaded
 * (POST /files) while a placeholder stands at the caret; on success the placeholder becomes
 * the server's markdown (`![alt](url)` for images, `[name](url)` otherwise); on failure it is
 * removed and the error stays in `items` (shown inline) until dismissed.
 */
export function useEditorUploads(opts: {
  textarea: Ref<HTMLTextAreaElement | null>;
  text: () => string;
  setText: (value: string) => void;
  purpose?: UploadPurpose;
}) {
  const items = reactive<UploadItem[]>([]);

  /** Inserts `snippet` as a paragraph of its own at the caret; returns exactly what was added. */
  function insertAtCaret(snippet: string): string {
    const el = opts.textarea.value;
    const text = opts.text();
    const at = el ? el.selectionStart : text.length;
    const end = el ? el.selectionEnd : text.length;
    const before = text.slice(0, at);
    const after = text.slice(end);
    // a paragraph of its own: an image in the middle of a sentence would render inline
    const pad = !before || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n';
    const tail = after.startsWith('\n') ? '\n' : '\n\n';
    opts.setText(`${before}${pad}${snippet}${tail}${after}`);
    const caret = before.length + pad.length + snippet.length + tail.length;
    requestAnimationFrame(() => el?.setSelectionRange(caret, caret));
    return `${pad}${snippet}${tail}`;
  }

  async function upload(file: File) {
    const item = reactive<UploadItem>({ key: ++seq, name: file.name || 'pasted image', progress: 0, error: null });
    items.push(item);
    const placeholder = `<!-- uploading ${item.key}: ${item.name.replace(/-->/g, '')} -->`;
    const inserted = insertAtCaret(placeholder);
    try {
      const done = await uploadFile(file, { purpose: opts.purpose ?? 'ARTICLE_BODY', onProgress: (p) => (item.progress = p) });
      opts.setText(opts.text().replace(placeholder, done.markdown));
      items.splice(items.indexOf(item), 1);
    } catch (e) {
      // the text as it was, unless it was edited around the placeholder meanwhile
      const text = opts.text();
      opts.setText(text.includes(inserted) ? text.replace(inserted, '') : text.replace(placeholder, ''));
      item.error = e instanceof UploadError ? e.message : 'Upload failed.';
    }
  }

  function uploadAll(files: Iterable<File>) {
    for (const f of files) void upload(f);
  }

  function onDrop(e: DragEvent) {
    const files = e.dataTransfer?.files;
    if (!files?.length) return;
    e.preventDefault();
    uploadAll(files);
  }

  function onDragOver(e: DragEvent) {
    if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
  }

  function onPaste(e: ClipboardEvent) {
    const files = [...(e.clipboardData?.files ?? [])];
    if (!files.length) return; // plain text pastes as usual
    e.preventDefault();
    uploadAll(files);
  }

  function dismiss(key: number) {
    const i = items.findIndex((x) => x.key === key);
    if (i >= 0) items.splice(i, 1);
  }

  return { items, onDrop, onDragOver, onPaste, uploadAll, dismiss };
}
