/** Saves a byte stream as a file through a temporary object URL (the browser's download). */
export async function downloadStream(stream: ReadableStream<Uint8Array>, fileName: string): Promise<void> {
  const blob = await new Response(stream).blob();
  const url = URL.createObjectURL(new Blob([blob], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
