/** Signs download links for bought files (Supabase Storage's `createSignedUrl`, S3 presigned URLs). */
export interface DownloadLinks {
  /** A link to the purchase's file that works until `expiresAt` (epoch ms). Throws when storage fails. */
  create(purchaseId: string, options: { expiresAt: number; signal?: AbortSignal }): Promise<string>;
}
