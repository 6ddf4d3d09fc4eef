import { Alert, Collapse, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/use-i18n';
import { explainError } from '../../shared/error-hint';
import { formatMs } from '../../shared/format';
import { splitInlineReasoning } from './answer-accumulator';
import { answerStats } from './answer-stats';
import type { Turn } from './chat-request';

/** One turn: the prompt, the reasoning (collapsible), the answer, and its token counts and speed. */
export function AnswerView({ turn, isLive }: { turn: Turn; isLive: boolean }) {
  const { t } = useI18n();
  const { answer } = turn;
  const split =
    answer.reasoning === ''
      ? splitInlineReasoning(answer.content)
      : { reasoning: answer.reasoning, content: answer.content };
  const stats = answerStats(answer);
  const explanation = turn.error === undefined ? null : explainError(turn.error);
  return (
    <div style={{ marginBottom: 16 }}>
      <Typography.Paragraph strong style={{ whiteSpace: 'pre-wrap', marginBottom: 4 }}>
        {t('playground.you')}: {turn.prompt}
      </Typography.Paragraph>
      {split.reasoning !== '' && (
        <Collapse
          size="small"
          defaultActiveKey={['reasoning']}
          style={{ marginBottom: 8 }}
          items={[
            {
              key: 'reasoning',
              label: t('playground.reasoning'),
              children: (
                <Typography.Paragraph
                  type="secondary"
                  style={{ whiteSpace: 'pre-wrap', margin: 0 }}
                  data-testid="reasoning"
                >
                  {split.reasoning}
                </Typography.Paragraph>
              ),
            },
          ]}
        />
      )}
      <div aria-live={isLive ? 'polite' : 'off'} data-testid="answer" style={{ whiteSpace: 'pre-wrap' }}>
        {split.content || (isLive && answer.endedAtMs === null ? '…' : '')}
      </div>
      {explanation && (
        <Alert
          type="error"
          showIcon
          title={t(explanation.hintKey)}
          description={explanation.message}
          style={{ marginTop: 8 }}
        />
      )}
      {answer.endedAtMs !== null && (
        <Space
          size="middle"
          wrap
          style={{ fontSize: 12, opacity: 0.75, marginTop: 4 }}
          data-testid="answer-stats"
        >
          <span>
            {t('playground.promptTokens')}: {stats.promptTokens ?? '—'}
          </span>
          <span>
            {t('playground.completionTokens')}: {stats.completionTokens}
            {stats.isEstimate ? ` (${t('playground.estimate')})` : ''}
          </span>
          {stats.reasoningTokens !== null && (
            <span>
              {t('playground.reasoningTokens')}: {stats.reasoningTokens}
            </span>
          )}
          <span>TTFT: {formatMs(stats.ttftMs)}</span>
          <span>
            {t('playground.speed')}:{' '}
            {stats.tokensPerSecond === null ? '—' : `${stats.tokensPerSecond.toFixed(1)} tok/s`}
          </span>
          {answer.finishReason === 'stopped' && <span>{t('playground.stopped')}</span>}
        </Space>
      )}
    </div>
  );
}
