import { GetObjectCommand, HeadObjectCommand, NotFound, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { ObjectLinks } from '../ports.js';

/**
 * S3 presigned GETs. The signature covers the bucket, the key and the response content type, so a
 * link opens that one object and cannot be edited into a link to any other.
 */
export class S3ObjectLinks implements ObjectLinks {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignGet(
    key: string,
    expiresInSeconds: number,
    contentType: string,
    signedAt: Date,
  ): Promise<{ url: string; expiresAt: Date } | null> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return null;
      throw error;
    }
    const url = await getSignedUrl(
      this.s3,
      new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: contentType }),
      { expiresIn: expiresInSeconds, signingDate: signedAt },
    );
    // A link signed with temporary credentials (a Lambda role's) dies with them, whatever it asked for.
    const { expiration } = await this.s3.config.credentials();
    const requested = signedAt.getTime() + expiresInSeconds * 1000;
    const expiresAt = new Date(Math.min(requested, expiration?.getTime() ?? requested));
    return { url, expiresAt };
  }
}
