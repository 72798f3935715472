/** A user's live notification stream (`/api/notifications/stream`), read as a stock fetch client would. */
export interface NoticeStream {
  /** Every `notification` event so far, parsed. */
  notices: Record<string, unknown>[];
  close(): void;
}

export async function openNoticeStream(base: string, token: string): Promise<NoticeStream> {
  const controller = new AbortController();
  const res = await fetch(`${base}/api/notifications/stream`, {
    headers: { authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`stream: HTTP ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  const notices: Record<string, unknown>[] = [];
  let buffer = '';
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(event)?.[1];
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (type === 'ready') ready();
          if (type === 'notification' && data) notices.push(JSON.parse(data));
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  await isReady;
  return { notices, close: () => controller.abort() };
}
