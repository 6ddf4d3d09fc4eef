import { Card, Empty, Select } from 'antd';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/use-i18n';
import { AnswerView } from './AnswerView';
import type { ChatSession } from './use-chat-session';

/** A model picker above one conversation. */
export function ChatColumn({
  label,
  session,
  model,
  models,
  onModelChange,
}: {
  label: string;
  session: ChatSession;
  model: string | undefined;
  models: string[];
  onModelChange: (model: string) => void;
}) {
  const { t } = useI18n();
  const end = useRef<HTMLDivElement>(null);
  const last = session.turns.at(-1);
  // Braces matter: Chromium's scrollIntoView now returns a promise, and an effect may return only a cleanup.
  useEffect(() => {
    end.current?.scrollIntoView?.({ block: 'nearest' });
  }, [last?.answer.content, last?.answer.reasoning]);
  return (
    <Card
      size="small"
      title={
        <Select
          aria-label={label}
          style={{ minWidth: 220 }}
          placeholder={t('playground.pickModel')}
          value={model}
          onChange={onModelChange}
          options={models.map((name) => ({ value: name, label: name }))}
          notFoundContent={t('playground.noModels')}
        />
      }
      styles={{ body: { height: 'calc(100vh - 420px)', minHeight: 240, overflow: 'auto' } }}
    >
      {session.turns.length === 0 && <Empty description={t('playground.emptyChat')} />}
      {session.turns.map((turn) => (
        <AnswerView key={turn.id} turn={turn} isLive={turn === last} />
      ))}
      <div ref={end} />
    </Card>
  );
}
