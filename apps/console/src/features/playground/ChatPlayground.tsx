import { SendOutlined, StopOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Row, Space, Switch } from 'antd';
import { useState, type KeyboardEvent } from 'react';
import { useI18n } from '../../i18n/use-i18n';
import { ChatColumn } from './ChatColumn';
import { DEFAULT_PARAMETERS, type ChatParameters } from './chat-request';
import { ParametersPanel } from './ParametersPanel';
import { useChatSession } from './use-chat-session';

/** Chat with one model, or the same prompts to two models side by side. Enter sends, Shift+Enter breaks a line. */
export function ChatPlayground({ models }: { models: string[] }) {
  const { t } = useI18n();
  const left = useChatSession();
  const right = useChatSession();
  const [parameters, setParameters] = useState<ChatParameters>(DEFAULT_PARAMETERS);
  const [isComparing, setIsComparing] = useState(false);
  const [leftModel, setLeftModel] = useState<string>();
  const [rightModel, setRightModel] = useState<string>();
  const [prompt, setPrompt] = useState('');
  const modelA = leftModel ?? models[0];
  const modelB = rightModel ?? models[1] ?? models[0];
  const isStreaming = left.isStreaming || right.isStreaming;
  const canSend = prompt.trim() !== '' && !isStreaming && modelA !== undefined;

  const send = () => {
    if (!canSend) return;
    const text = prompt.trim();
    setPrompt('');
    void left.send(modelA, parameters, text);
    if (isComparing && modelB) void right.send(modelB, parameters, text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={18}>
        <Row gutter={16}>
          <Col span={isComparing ? 12 : 24}>
            <ChatColumn
              label={t('playground.modelA')}
              session={left}
              model={modelA}
              models={models}
              onModelChange={setLeftModel}
            />
          </Col>
          {isComparing && (
            <Col span={12}>
              <ChatColumn
                label={t('playground.modelB')}
                session={right}
                model={modelB}
                models={models}
                onModelChange={setRightModel}
              />
            </Col>
          )}
        </Row>
        <Space.Compact style={{ width: '100%', marginTop: 12 }}>
          <Input.TextArea
            id="chat-input"
            aria-label={t('playground.inputLabel')}
            placeholder={t('playground.inputPlaceholder')}
            autoSize={{ minRows: 2, maxRows: 8 }}
            value={prompt}
            onChange={(event) => setPrompt(event.target.value)}
            onKeyDown={onKeyDown}
          />
          {isStreaming ? (
            <Button
              danger
              icon={<StopOutlined />}
              onClick={() => {
                left.stop();
                right.stop();
              }}
              style={{ height: 'auto' }}
            >
              {t('playground.stop')}
            </Button>
          ) : (
            <Button
              type="primary"
              icon={<SendOutlined />}
              disabled={!canSend}
              onClick={send}
              style={{ height: 'auto' }}
            >
              {t('playground.send')}
            </Button>
          )}
        </Space.Compact>
      </Col>
      <Col xs={24} xl={6}>
        <Card size="small" title={t('playground.parameters')}>
          <Space style={{ marginBottom: 12 }}>
            <Switch id="compare-switch" checked={isComparing} onChange={setIsComparing} />
            <label htmlFor="compare-switch">{t('playground.compare')}</label>
          </Space>
          <ParametersPanel value={parameters} onChange={setParameters} />
          <Button
            block
            onClick={() => {
              left.clear();
              right.clear();
            }}
          >
            {t('playground.clear')}
          </Button>
        </Card>
      </Col>
    </Row>
  );
}
