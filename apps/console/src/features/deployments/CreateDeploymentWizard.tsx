import { Button, Form, Input, InputNumber, Modal, Select, Space, Steps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useApi } from '../../api/api-context';
import { usePoll } from '../../api/use-poll';
import { useSession } from '../../app/session-context';
import { useI18n } from '../../i18n/use-i18n';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { formatBytes } from '../../shared/format';
import { AdvancedFields } from './AdvancedFields';
import { toCreateRequest, validateDeployment, type DeploymentFormValues } from './deployment-form';
import { DeploymentReview } from './DeploymentReview';

const STEP_FIELDS: (keyof DeploymentFormValues)[][] = [
  ['model', 'name', 'engine', 'file'],
  ['replicas', 'contextTokens', 'parallelSequences', 'threads', 'aliases', 'fallbacks', 'nodeLabels'],
  [],
];

/** Model and engine, then resources, then the review (with the planner's answer when the server has one). */
export function CreateDeploymentWizard({
  onClose,
  onCreated,
  initialModel,
}: {
  onClose: () => void;
  onCreated: () => void;
  /** A registered model name or catalog id to start with (the catalog's deploy button). */
  initialModel?: string;
}) {
  const client = useApi();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<DeploymentFormValues>();
  const [step, setStep] = useState(0);
  const [error, setError] = useState<unknown>();
  const [isBusy, setIsBusy] = useState(false);
  const { capabilities } = useSession();
  const models = usePoll(() => client.listModels(), 0);
  const catalog = usePoll(() => (capabilities.catalog ? client.listCatalog() : Promise.resolve([])), 0);
  const engines = usePoll(() => client.listEngines().catch(() => []), 0);
  const chosenModel = Form.useWatch('model', form);
  const catalogEntry = (catalog.data ?? []).find((entry) => entry.id === chosenModel);

  const values = (): DeploymentFormValues => ({
    model: '',
    replicas: 1,
    ...(form.getFieldsValue(true) as Partial<DeploymentFormValues>),
  });
  const rule = (field: keyof DeploymentFormValues) => ({
    validator: async () => {
      const problem = validateDeployment(values())[field];
      if (problem) throw new Error(t(problem));
    },
  });

  const next = async () => {
    await form.validateFields(STEP_FIELDS[step]);
    setStep(step + 1);
  };

  const create = async () => {
    setIsBusy(true);
    setError(undefined);
    try {
      const deployment = await client.createDeployment(toCreateRequest(values()));
      onCreated();
      void navigate(`/deployments/${encodeURIComponent(deployment.name)}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setIsBusy(false);
    }
  };

  const review = values();
  return (
    <Modal
      open
      width={720}
      title={t('deployments.create')}
      onCancel={onClose}
      footer={
        <Space>
          {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('common.back')}</Button>}
          {step < 2 && (
            <Button type="primary" onClick={() => void next().catch(() => undefined)}>
              {t('common.next')}
            </Button>
          )}
          {step === 2 && (
            <Button type="primary" loading={isBusy} onClick={() => void create()}>
              {t('deployments.confirmCreate')}
            </Button>
          )}
        </Space>
      }
    >
      <Steps
        size="small"
        current={step}
        style={{ marginBottom: 24 }}
        items={[
          { title: t('deployments.stepModel') },
          { title: t('deployments.stepResources') },
          { title: t('deployments.stepReview') },
        ]}
      />
      <ErrorAlert error={error ?? models.error} />
      <Form<DeploymentFormValues>
        form={form}
        layout="vertical"
        initialValues={{ replicas: 1, ...(initialModel ? { model: initialModel } : {}) }}
        onValuesChange={(changed: Partial<DeploymentFormValues>) => {
          // A file belongs to one catalog model: choosing another model drops it.
          if ('model' in changed) form.setFieldValue('file', undefined);
        }}
      >
        <div hidden={step !== 0}>
          <Form.Item label={t('common.model')} name="model" rules={[rule('model')]}>
            <Select
              showSearch
              loading={models.isLoading}
              placeholder={t('deployments.pickModel')}
              notFoundContent={t('deployments.noModels')}
              options={[
                {
                  label: t('deployments.registeredModels'),
                  options: (models.data ?? []).map((model) => ({
                    value: model.name,
                    label: `${model.name} · ${model.quantization ?? model.format} · ${formatBytes(model.sizeBytes)}`,
                  })),
                },
                ...((catalog.data ?? []).length > 0
                  ? [
                      {
                        label: t('nav.catalog'),
                        options: (catalog.data ?? [])
                          .filter((entry) => entry.isServable)
                          .map((entry) => ({ value: entry.id, label: `${entry.name} (${entry.id})` })),
                      },
                    ]
                  : []),
              ]}
            />
          </Form.Item>
          {catalogEntry && (
            <Form.Item label={t('deployments.file')} name="file" extra={t('deployments.fileHint')}>
              <Select
                allowClear
                placeholder={t('deployments.fileAuto')}
                options={catalogEntry.files.map((file) => ({
                  value: file.id,
                  label: `${file.id} · ${formatBytes(file.sizeBytes)} · ${file.engines.join(', ')}`,
                }))}
              />
            </Form.Item>
          )}
          <Form.Item
            label={t('deployments.name')}
            name="name"
            rules={[rule('name')]}
            extra={t('deployments.nameHint')}
          >
            <Input />
          </Form.Item>
          <Form.Item label={t('deployments.engine')} name="engine">
            <Select
              allowClear
              placeholder={t('deployments.engineAuto')}
              options={(engines.data ?? []).map((engine) => ({
                value: engine.engine,
                disabled: !engine.installed,
                label: engine.installed
                  ? `${engine.displayName}${engine.version ? ` ${engine.version}` : ''}`
                  : `${engine.displayName} (${t('deployments.engineMissing')})`,
              }))}
            />
          </Form.Item>
        </div>
        <div hidden={step !== 1}>
          <Form.Item label={t('deployments.replicas')} name="replicas" rules={[rule('replicas')]}>
            <InputNumber min={0} max={64} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            label={t('deployments.contextTokens')}
            name="contextTokens"
            rules={[rule('contextTokens')]}
            extra={t('deployments.blankDefault')}
          >
            <InputNumber min={64} max={1_048_576} step={512} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            label={t('deployments.parallelSequences')}
            name="parallelSequences"
            rules={[rule('parallelSequences')]}
            extra={t('deployments.parallelHint')}
          >
            <InputNumber min={1} max={64} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item label={t('deployments.threads')} name="threads" rules={[rule('threads')]}>
            <InputNumber min={1} max={256} style={{ width: '100%' }} />
          </Form.Item>
          <AdvancedFields rule={rule} />
        </div>
      </Form>
      {step === 2 && <DeploymentReview values={review} />}
    </Modal>
  );
}
