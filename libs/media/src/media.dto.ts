/** What an upload answers: the picture's stable public address, to put in a bulletin's content. */
export class UploadedImageView {
  /** SHA-256 of the cleaned picture. */
  id: string;
  url: string;
  contentType: string;
  width: number;
  height: number;
  sizeBytes: number;
}
