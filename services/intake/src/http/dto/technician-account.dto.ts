import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SUPPORT_LEVELS, SupportLevel } from '@helpdesk/ticket-events';
import { RequiredText } from './text.validators';

export class CreateTechnicianAccountDto {
  @ApiProperty({
    example: 'alex.l1',
    description: 'Sign-in name and id in events: 3–64 of a-z, 0-9, dot, dash, underscore',
  })
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, {
    message:
      'id must be 3–64 characters of a-z, 0-9, ".", "-", "_", starting with a letter or digit',
  })
  id!: string;

  @ApiProperty({ example: 'Alex Martin', maxLength: 100 })
  @RequiredText(100)
  name!: string;

  @ApiProperty({ enum: SUPPORT_LEVELS })
  @IsIn(SUPPORT_LEVELS)
  level!: SupportLevel;

  @ApiProperty({ description: 'Supervisors see and act on every tier' })
  @IsBoolean()
  supervisor!: boolean;

  @ApiProperty({ minLength: 12, maxLength: 200, description: 'At least 12 characters' })
  @IsString()
  @MinLength(12, { message: 'password must be at least 12 characters' })
  @MaxLength(200)
  password!: string;
}

export class TechnicianAccountView {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SUPPORT_LEVELS }) level!: SupportLevel;
  @ApiProperty() supervisor!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ nullable: true, type: String }) disabledAt!: string | null;
}
