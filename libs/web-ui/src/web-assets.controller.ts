import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import path from 'node:path';

/** The stylesheet and script every page loads: served by each service itself, no CDN. */
const ASSETS: Record<string, string> = {
  'helpdesk.css': 'text/css; charset=utf-8',
  'live.js': 'text/javascript; charset=utf-8',
};

/** `assets/` sits beside `src/`, in the source tree and in a build alike. */
export const WEB_ASSETS_DIR = path.join(__dirname, '..', 'assets');

@ApiExcludeController()
@Controller('assets')
export class WebAssetsController {
  @Get(':name')
  asset(@Param('name') name: string, @Res() response: Response): void {
    const type = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
    if (!type) throw new NotFoundException(`no asset ${name}`);
    response.type(type);
    response.setHeader('Cache-Control', 'public, max-age=300');
    response.sendFile(path.join(WEB_ASSETS_DIR, name));
  }
}
