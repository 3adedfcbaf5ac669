import { ApiProperty } from '@nestjs/swagger';
import { RequiredText } from './text.validators';

export class ReplyDto {
  @ApiProperty({ example: 'The client is version 5.1.2.', maxLength: 10_000 })
  @RequiredText(10_000)
  message!: string;
}

export class ReopeningDto {
  @ApiProperty({ example: 'The VPN drops again since this morning.', maxLength: 2_000 })
  @RequiredText(2_000)
  reason!: string;
}

/** The confirmation carries nothing; unknown fields are still refused. */
export class ConfirmationDto {}
