import pino, { type Logger } from 'pino';

let root: Logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });

/** Called once by createApp with the validated config. */
export function configureLogger(level: string, pretty: boolean): Logger {
  root = pino({
    level,
    base: { service: 'atrium' },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token'], remove: true },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'HH:MM:ss' } } } : {}),
  });
  return root;
}

export function log(): Logger {
  return root;
}
