import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';

/** Body of `POST accounts/:accountId/users/:userId/media` (JSON, or multipart fields). */
export class SendMediaDto {
  /**
   * What the media goes out as; `voice` encodes WAV or SILK as a native voice message (sent as a
   * WAV file when the server refuses native voice).
   */
  @ApiProperty({ enum: ['image', 'video', 'file', 'voice'] })
  @IsIn(['image', 'video', 'file', 'voice'])
  kind!: 'image' | 'video' | 'file' | 'voice';

  /** An http(s) URL to fetch the media from (instead of a multipart `file`). */
  @ApiPropertyOptional({ example: 'https://example.com/cat.png' })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  url?: string;

  /** Text sent as its own message before the media. */
  @ApiPropertyOptional({ maxLength: 4096 })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  caption?: string;

  /** File name shown for a file, or for a refused voice's fallback file (no path). */
  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^(?!\.{1,2}$)[^/\\\p{Cc}]+$/u, { message: 'fileName must be a plain file name' })
  fileName?: string;
}

/** The multipart form of `POST …/media` for Swagger. */
export class SendMediaUploadDto extends SendMediaDto {
  /** The file. */
  @ApiPropertyOptional({ type: 'string', format: 'binary' })
  file?: unknown;
}
