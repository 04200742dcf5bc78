import type { ServerResponse } from 'node:http';

/** ALB's own answers: nginx-style HTML pages, `Server: awselb/2.0`. */
const TITLES: Record<number, string> = {
  400: '400 Bad Request',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  413: '413 Request Entity Too Large',
  500: '500 Internal Server Error',
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
};

export const SERVER_HEADER = 'awselb/2.0';

export function albPage(status: number): string {
  const title = TITLES[status] ?? String(status);
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}

export function sendAlbPage(res: ServerResponse, status: number): void {
  const body = albPage(status);
  res.writeHead(status, { Server: SERVER_HEADER, 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}
