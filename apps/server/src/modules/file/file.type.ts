import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('Attachment', { description: 'A file attached to an article, listed under it (its bytes at `url`).' })
export class Attachment {
  @Field(() => ID, { description: 'The opaque global id of the attachment.' })
  id!: string;
  @Field(() => String, { description: 'The name the file was uploaded with (for display).' })
  name!: string;
  @Field(() => String, {
    description: 'Site-relative, immutable URL of the bytes (`/files/<sha256>/<name>`): cached for a year; only images, audio, video and plain text open in the browser, everything else downloads.',
  })
  url!: string;
  @Field(() => String, { description: 'The type sniffed from the bytes (never the name or what the uploader declared).' })
  contentType!: string;
  @Field(() => Int, { description: 'Size in bytes.' })
  size!: number;
  @Field(() => Boolean, { description: 'Whether it is an image shown inline (PNG, JPEG, GIF, WebP, AVIF).' })
  isImage!: boolean;
  @Field(() => Date, { description: 'When it was uploaded.' })
  createdAt!: Date;
}

@InputType('AttachmentIdInput', { description: 'Names an attachment.' })
export class AttachmentIdInput {
  @Field(() => ID, { description: 'The attachment.' })
  attachmentId!: string;
}
