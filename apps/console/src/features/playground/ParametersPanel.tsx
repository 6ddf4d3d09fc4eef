import { Form, Input, InputNumber, Slider } from 'antd';
import { useI18n } from '../../i18n/use-i18n';
import type { ChatParameters } from './chat-request';

/** System prompt, temperature, top_p and max tokens. */
export function ParametersPanel({
  value,
  onChange,
}: {
  value: ChatParameters;
  onChange: (value: ChatParameters) => void;
}) {
  const { t } = useI18n();
  const set = <K extends keyof ChatParameters>(key: K, next: ChatParameters[K] | null) => {
    if (next !== null) onChange({ ...value, [key]: next });
  };
  return (
    <Form layout="vertical" size="small">
      <Form.Item label={t('playground.systemPrompt')} htmlFor="system-prompt">
        <Input.TextArea
          id="system-prompt"
          autoSize={{ minRows: 2, maxRows: 6 }}
          value={value.systemPrompt}
          onChange={(event) => set('systemPrompt', event.target.value)}
        />
      </Form.Item>
      <Form.Item label={`${t('playground.temperature')}: ${value.temperature}`}>
        <Slider
          min={0}
          max={2}
          step={0.05}
          value={value.temperature}
          onChange={(next) => set('temperature', next)}
          ariaLabelForHandle={t('playground.temperature')}
        />
      </Form.Item>
      <Form.Item label={`top_p: ${value.topP}`}>
        <Slider
          min={0.05}
          max={1}
          step={0.05}
          value={value.topP}
          onChange={(next) => set('topP', next)}
          ariaLabelForHandle="top_p"
        />
      </Form.Item>
      <Form.Item label={t('playground.maxTokens')} htmlFor="max-tokens">
        <InputNumber
          id="max-tokens"
          min={1}
          max={32768}
          value={value.maxTokens}
          onChange={(next) => set('maxTokens', next)}
          style={{ width: '100%' }}
        />
      </Form.Item>
    </Form>
  );
}
