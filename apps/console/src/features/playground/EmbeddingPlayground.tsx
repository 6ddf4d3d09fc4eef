import type { EmbeddingList } from '@hangar/contracts';
import { Button, Card, Form, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useApi } from '../../api/api-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { cosineSimilarity, inputsOf, vectorNorm } from './embedding-math';

/** Embeds one text per line and shows each vector's size and the cosine similarity of every pair. */
export function EmbeddingPlayground({ models }: { models: string[] }) {
  const client = useApi();
  const { t } = useI18n();
  const [model, setModel] = useState<string>();
  const [text, setText] = useState('');
  const [result, setResult] = useState<{ inputs: string[]; list: EmbeddingList }>();
  const [error, setError] = useState<unknown>();
  const [isBusy, setIsBusy] = useState(false);
  const chosen = model ?? models[0];
  const inputs = inputsOf(text);

  const embed = async () => {
    if (!chosen || inputs.length === 0) return;
    setIsBusy(true);
    setError(undefined);
    try {
      setResult({ inputs, list: await client.createEmbeddings({ model: chosen, input: inputs }) });
    } catch (caught) {
      setError(caught);
    } finally {
      setIsBusy(false);
    }
  };

  const vectors = result?.list.data.map((item) => item.embedding) ?? [];
  return (
    <Card>
      <Form layout="vertical" onFinish={() => void embed()}>
        <Form.Item label={t('common.model')} htmlFor="embedding-model">
          <Select
            id="embedding-model"
            value={chosen}
            onChange={setModel}
            options={models.map((name) => ({ value: name, label: name }))}
          />
        </Form.Item>
        <Form.Item label={t('playground.embeddingInputs')} htmlFor="embedding-inputs">
          <Input.TextArea
            id="embedding-inputs"
            autoSize={{ minRows: 3, maxRows: 10 }}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={isBusy} disabled={!chosen || inputs.length === 0}>
          {t('playground.embed')}
        </Button>
      </Form>
      <ErrorAlert error={error} />
      {result && (
        <>
          <Typography.Paragraph style={{ marginTop: 16 }}>
            {t('playground.embeddingSummary', {
              count: vectors.length,
              dimensions: vectors[0]?.length ?? 0,
              tokens: result.list.usage.prompt_tokens,
            })}
          </Typography.Paragraph>
          <Table
            size="small"
            pagination={false}
            rowKey="index"
            scroll={{ x: true }}
            dataSource={result.inputs.map((input, index) => ({ index, input }))}
            columns={[
              { title: t('playground.input'), dataIndex: 'input', ellipsis: true },
              {
                title: t('playground.norm'),
                render: (_, row) => vectorNorm(vectors[row.index] ?? []).toFixed(3),
              },
              ...result.inputs.map((_, column) => ({
                title: `#${column + 1}`,
                key: `similarity-${column}`,
                render: (_value: unknown, row: { index: number }) =>
                  cosineSimilarity(vectors[row.index] ?? [], vectors[column] ?? []).toFixed(3),
              })),
            ]}
          />
        </>
      )}
    </Card>
  );
}
