import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Divider,
  Form,
  Image,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  TreeSelect,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import {
  BULLETIN_KIND_LABELS,
  BULLETIN_PRIORITY_LABELS,
  BulletinKind,
  BulletinStatus,
  isResidentIdNumber,
  PERSONS_PER_NOTICE,
  PLATFORM_LABELS,
  type Platform,
  residentIdCheckCharacter,
} from '@mb/vocabulary';
import { api, must, mustAs, sendRaw } from '../../api/client';
import type { BulletinContent, BulletinView, CreateBulletin, TargetSpec, UploadedImage } from '../../api/views';

type WantedDetails = NonNullable<BulletinContent['wanted']>;
type Suspect = NonNullable<WantedDetails['suspect']>;
type MissingDetails = NonNullable<BulletinContent['missingPerson']>;
type MissingPerson = NonNullable<MissingDetails['person']>;
const MAX_SUSPECTS = PERSONS_PER_NOTICE[BulletinKind.Wanted]!;
const MAX_MISSING_PERSONS = PERSONS_PER_NOTICE[BulletinKind.MissingPerson]!;
import { options } from '../../shared/labels';
import { RingMap, type RingDraft } from '../../shared/ring-map';
import { refusalText, useAction } from '../../shared/use-action';
import { unitTree, useUnits } from '../../shared/units';
import { PlatformPreviews, TargetPreviewPanel } from './previews';

const SEX_OPTIONS = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
  { value: 'unknown', label: '不详' },
];
const VULNERABILITY_OPTIONS = [
  { value: 'minor', label: '未成年人' },
  { value: 'dementia', label: '认知障碍（如阿尔茨海默病）' },
  { value: 'intellectual_disability', label: '智力障碍' },
];
const TOPIC_OPTIONS = [
  { value: 'drug_trafficking', label: '涉毒' },
  { value: 'telecom_fraud', label: '电信网络诈骗' },
  { value: 'gang_crime', label: '涉黑涉恶' },
  { value: 'public_danger', label: '危害公共安全' },
  { value: 'other', label: '其他' },
];

/** What the form holds: the api's shape, but dates as dayjs and the rings behind a switch. */
interface ComposeValues {
  kind: BulletinKind;
  title: string;
  body: string;
  issuerUnitId: string;
  priority?: 'normal' | 'urgent';
  validity?: [Dayjs, Dayjs];
  onExpiry?: 'mark' | 'remove';
  /** The form lists every suspect; the api takes one as `suspect`, several as `suspects`. */
  wanted?: Omit<WantedDetails, 'suspect' | 'suspects'> & { suspects: Suspect[] };
  /** The form lists every missing person; the api takes one as `person`, several as `persons`. */
  missingPerson?: Omit<MissingDetails, 'lastSeen' | 'person' | 'persons'> & {
    persons: MissingPerson[];
    lastSeen: Omit<MissingDetails['lastSeen'], 'at'> & { at: Dayjs };
  };
  report?: Omit<NonNullable<BulletinContent['report']>, 'deadline'> & { deadline: Dayjs };
  target: Omit<TargetSpec, 'rings'>;
  ringsOn: boolean;
  rings?: { latitude?: number; longitude?: number; steps: RingDraft[] };
}

/** A resident ID number checked as it is typed: the check character it should end with, when it does not. */
function residentIdRule() {
  return {
    validator: async (_rule: unknown, value: string | undefined) => {
      if (!value) return;
      if (!/^\d{17}[\dX]$/.test(value)) throw new Error('身份证号应为 18 位：17 位数字加 1 位校验码（数字或 X）');
      if (!isResidentIdNumber(value)) throw new Error(`校验码不符：按前 17 位，最后一位应为 ${residentIdCheckCharacter(value)}`);
    },
  };
}

function toRequest(values: ComposeValues, images: string[]): CreateBulletin {
  const details = (() => {
    if (values.kind === BulletinKind.Wanted) {
      const { suspects, reward, ...rest } = values.wanted!;
      // An empty reward field means no reward, which the api says by leaving `reward` out.
      const wanted = reward?.amountCny === undefined || reward.amountCny === null ? rest : { ...rest, reward };
      // One suspect carries the uploaded photos; a notice naming several shows them as the notice's images.
      return suspects.length === 1
        ? { wanted: { ...wanted, suspect: { ...suspects[0], photos: images } } }
        : { wanted: { ...wanted, suspects } };
    }
    if (values.kind === BulletinKind.MissingPerson) {
      const { persons, caseNumber, ...rest } = values.missingPerson!;
      // A cleared case number field means the search has no case, which the api says by its absence.
      const missing = caseNumber?.trim() ? { ...rest, caseNumber: caseNumber.trim() } : rest;
      const lastSeen = { ...missing.lastSeen, at: missing.lastSeen.at.toISOString() };
      // As with suspects: one person carries the photos, several share the notice's images.
      return persons.length === 1
        ? { missingPerson: { ...missing, lastSeen, person: { ...persons[0], photos: images } } }
        : { missingPerson: { ...missing, lastSeen, persons } };
    }
    return { report: { ...values.report!, deadline: values.report!.deadline.toISOString() } };
  })();
  // An empty choice means "no filter", which the api says by the field's absence.
  const target = Object.fromEntries(
    Object.entries(values.target).filter(([, value]) => !(Array.isArray(value) && value.length === 0) && value !== undefined),
  ) as unknown as TargetSpec;
  target.unitIds = values.target.unitIds;
  if (values.ringsOn && values.rings) target.rings = values.rings as TargetSpec['rings'];
  return {
    kind: values.kind,
    title: values.title,
    body: values.body,
    images,
    issuerUnitId: values.issuerUnitId,
    priority: values.priority,
    validFrom: values.validity?.[0].toISOString(),
    validUntil: values.validity?.[1].toISOString(),
    onExpiry: values.onExpiry,
    target,
    ...details,
  } as CreateBulletin;
}

function toValues(bulletin: BulletinView): ComposeValues {
  const content = bulletin.content;
  const { rings, ...target } = bulletin.target;
  return {
    kind: bulletin.kind,
    title: content.title,
    body: content.body,
    issuerUnitId: bulletin.issuerUnitId,
    priority: bulletin.priority,
    validity: bulletin.validFrom && bulletin.validUntil ? [dayjs(bulletin.validFrom), dayjs(bulletin.validUntil)] : undefined,
    onExpiry: bulletin.onExpiry,
    wanted: content.wanted && {
      ...content.wanted,
      suspects: content.wanted.suspects ?? (content.wanted.suspect ? [content.wanted.suspect] : []),
    },
    missingPerson: content.missingPerson && {
      ...content.missingPerson,
      persons: content.missingPerson.persons ?? (content.missingPerson.person ? [content.missingPerson.person] : []),
      lastSeen: { ...content.missingPerson.lastSeen, at: dayjs(content.missingPerson.lastSeen.at) },
    },
    report: content.report && { ...content.report, deadline: dayjs(content.report.deadline) },
    target,
    ringsOn: Boolean(rings),
    rings: rings ?? { steps: [{ radiusKm: 50, afterMinutes: 0 }] },
  };
}

export default function Compose() {
  const { id } = useParams();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<ComposeValues>();
  const units = useUnits();
  const [images, setImages] = useState<string[]>([]);
  const kind = Form.useWatch('kind', form) ?? BulletinKind.MissingPerson;
  const ringsOn = Form.useWatch('ringsOn', form);
  const rings = Form.useWatch('rings', form);

  const bulletin = useQuery({
    queryKey: ['bulletin', id],
    enabled: Boolean(id),
    queryFn: () => mustAs<BulletinView>(api.GET('/bulletins/{id}', { params: { path: { id: id! } } })),
  });
  useEffect(() => {
    if (!bulletin.data) return;
    form.setFieldsValue(toValues(bulletin.data));
    setImages(bulletin.data.content.images ?? []);
  }, [bulletin.data, form]);
  const editable = !id || bulletin.data?.status === BulletinStatus.Draft;

  const save = useAction(
    async (values: ComposeValues) => {
      const request = toRequest(values, images);
      if (!id) return mustAs<BulletinView>(api.POST('/bulletins', { body: request }));
      const { kind: draftKind, title, body, target } = request;
      return mustAs<BulletinView>(
        api.PUT('/bulletins/{id}', {
          params: { path: { id } },
          body: {
            kind: draftKind,
            title,
            body,
            images,
            target,
            wanted: request.wanted,
            missingPerson: request.missingPerson,
            report: request.report,
          },
        }),
      );
    },
    {
      done: '草稿已保存',
      refresh: [['bulletins'], ['bulletin', id], ['target-preview', id], ['platform-preview', id]],
      onDone: (saved) => {
        if (!id) navigate(`/bulletins/${saved.id}/edit`, { replace: true });
      },
    },
  );
  const submit = useAction(() => must(api.POST('/bulletins/{id}/submit', { params: { path: { id: id! } } })), {
    done: '已提交审核',
    refresh: [['bulletins'], ['bulletin', id], ['review-queue']],
    onDone: () => navigate(`/bulletins/${id}`),
  });

  async function upload(file: File): Promise<void> {
    try {
      const uploaded = await sendRaw<UploadedImage>('/media/images', file, file.type);
      setImages((current) => [...current, uploaded.url]);
      void message.success(`照片已上传（${uploaded.width}×${uploaded.height}，已去除拍摄信息）`);
    } catch (error) {
      void message.error(`照片未上传：${refusalText(error)}`);
    }
  }

  async function saveAndSubmit() {
    const values = await form.validateFields();
    await save.mutateAsync(values);
    submit.mutate(undefined);
  }

  const unitOptions = unitTree(units.data ?? []);
  const steps: RingDraft[] = rings?.steps ?? [];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }}>
            {id ? '编辑公告' : '新建公告'}
          </Typography.Title>
        }
      >
        {bulletin.data?.reviewNote && bulletin.data.status === BulletinStatus.Draft && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            title="审核意见（已退回修改）"
            description={bulletin.data.reviewNote}
            data-testid="review-note"
          />
        )}
        {!editable && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="此公告已不是草稿，不能在此修改。" />}
        <Form<ComposeValues>
          form={form}
          layout="vertical"
          disabled={!editable}
          name="compose"
          aria-label="公告内容"
          initialValues={{
            kind: BulletinKind.MissingPerson,
            onExpiry: 'mark',
            ringsOn: false,
            rings: { steps: [{ radiusKm: 50, afterMinutes: 0 }] },
            target: { unitIds: [], platforms: [] },
            wanted: { suspects: [{ sex: 'male' }] },
            missingPerson: { persons: [{}] },
          }}
          onFinish={(values) => save.mutate(values)}
        >
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item label="公告类型" name="kind" rules={[{ required: true }]}>
                <Select disabled={Boolean(id)} options={options(BULLETIN_KIND_LABELS)} />
              </Form.Item>
            </Col>
            <Col span={16}>
              <Form.Item
                label="标题"
                name="title"
                rules={[
                  { required: true, message: '请填写标题' },
                  { max: 32, message: '标题最多 32 字（各平台都能完整显示）' },
                ]}
              >
                <Input showCount maxLength={32} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="正文" name="body" rules={[{ required: true, message: '请填写正文' }]}>
            <Input.TextArea rows={4} showCount maxLength={5000} />
          </Form.Item>

          {kind === BulletinKind.MissingPerson && <MissingPersonFields />}
          {kind === BulletinKind.Wanted && <WantedFields />}
          {kind === BulletinKind.Report && <ReportFields />}

          <Form.Item label="照片（JPEG、PNG、WebP，上传后去除拍摄位置等信息）">
            <Space wrap>
              {images.map((url) => (
                <Space key={url} direction="vertical" align="center">
                  <Image src={url} width={96} height={96} style={{ objectFit: 'cover' }} alt="已上传的照片" />
                  <Button
                    size="small"
                    icon={<DeleteOutlined />}
                    onClick={() => setImages(images.filter((image) => image !== url))}
                    aria-label="删除此照片"
                  >
                    删除
                  </Button>
                </Space>
              ))}
              <Upload
                accept="image/jpeg,image/png,image/webp"
                showUploadList={false}
                beforeUpload={(file) => {
                  void upload(file);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} disabled={!editable || images.length >= 9}>
                  上传照片
                </Button>
              </Upload>
            </Space>
          </Form.Item>

          <Divider titlePlacement="start">发布设置</Divider>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item label="发布单位" name="issuerUnitId" rules={[{ required: true, message: '请选择发布单位' }]}>
                <TreeSelect
                  disabled={Boolean(id)}
                  showSearch
                  treeNodeFilterProp="title"
                  treeData={unitOptions}
                  placeholder="按名称或行政区划代码搜索"
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="优先级" name="priority" extra="不选时由系统决定：未成年人和特殊群体走失为紧急">
                <Select allowClear disabled={Boolean(id)} options={options(BULLETIN_PRIORITY_LABELS)} placeholder="系统决定" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="有效期" name="validity">
                <DatePicker.RangePicker showTime disabled={Boolean(id)} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="到期后" name="onExpiry">
            <Radio.Group
              disabled={Boolean(id)}
              options={[
                { value: 'mark', label: '标注已过期' },
                { value: 'remove', label: '撤下所有帖子' },
              ]}
            />
          </Form.Item>

          <Divider titlePlacement="start">推送范围</Divider>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item
                label="推送到（含下级单位）"
                name={['target', 'unitIds']}
                rules={[{ required: true, message: '至少选择一个单位' }]}
              >
                <TreeSelect multiple showSearch treeNodeFilterProp="title" treeData={unitOptions} placeholder="按名称或行政区划代码搜索" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label="排除（含下级单位）" name={['target', 'excludeUnitIds']}>
                <TreeSelect multiple showSearch treeNodeFilterProp="title" treeData={unitOptions} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="平台（不选为全部平台）" name={['target', 'platforms']}>
            <Checkbox.Group options={options(PLATFORM_LABELS) as Array<{ value: Platform; label: string }>} />
          </Form.Item>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item label="只推送带这些标签的账号" name={['target', 'includeTags']}>
                <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item label="不推送带这些标签的账号" name={['target', 'excludeTags']}>
                <Select mode="tags" tokenSeparators={[',', '，', ' ']} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="按距离分圈推送" name="ringsOn" valuePropName="checked">
            <Switch />
          </Form.Item>
          {ringsOn && (
            <Row gutter={16}>
              <Col span={12}>
                <RingMap
                  latitude={rings?.latitude}
                  longitude={rings?.longitude}
                  steps={steps}
                  onPick={(point) => form.setFieldsValue({ rings: { ...form.getFieldValue('rings'), ...point } })}
                />
              </Col>
              <Col span={12}>
                <Space>
                  <Form.Item label="圆心纬度" name={['rings', 'latitude']} rules={[{ required: true, message: '点击地图或填写纬度' }]}>
                    <InputNumber min={-90} max={90} step={0.01} />
                  </Form.Item>
                  <Form.Item label="圆心经度" name={['rings', 'longitude']} rules={[{ required: true, message: '点击地图或填写经度' }]}>
                    <InputNumber min={-180} max={180} step={0.01} />
                  </Form.Item>
                </Space>
                <Form.List name={['rings', 'steps']}>
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((field, index) => (
                        <Space key={field.key} align="baseline" wrap>
                          <Typography.Text>第 {index + 1} 圈</Typography.Text>
                          <Form.Item label="半径（公里）" name={[field.name, 'radiusKm']}>
                            <InputNumber min={1} max={2000} disabled={steps[index]?.wholeTarget} />
                          </Form.Item>
                          <Form.Item
                            label="发布后（分钟）"
                            name={[field.name, 'afterMinutes']}
                            rules={[{ required: true, message: '填写延迟' }]}
                          >
                            <InputNumber min={0} max={10080} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'wholeTarget']} valuePropName="checked">
                            <Checkbox>覆盖全部范围</Checkbox>
                          </Form.Item>
                          <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={`删除第 ${index + 1} 圈`} />
                        </Space>
                      ))}
                      <Button icon={<PlusOutlined />} onClick={() => add({ radiusKm: 100, afterMinutes: 60 })}>
                        添加一圈
                      </Button>
                    </>
                  )}
                </Form.List>
              </Col>
            </Row>
          )}
          <Divider />
          <Space>
            <Button type="primary" htmlType="submit" loading={save.isPending}>
              保存草稿
            </Button>
            <Button onClick={() => void saveAndSubmit()} disabled={!editable} loading={submit.isPending}>
              保存并提交审核
            </Button>
            {id && (
              <Button
                type="link"
                onClick={() =>
                  void queries.invalidateQueries({ queryKey: ['target-preview', id] }).then(() => navigate(`/bulletins/${id}`))
                }
              >
                查看公告
              </Button>
            )}
          </Space>
        </Form>
      </Card>
      {id && bulletin.data && (
        <>
          <TargetPreviewPanel bulletinId={id} version={bulletin.data.currentVersion} />
          <PlatformPreviews bulletinId={id} version={bulletin.data.currentVersion} />
        </>
      )}
    </Space>
  );
}

function MissingPersonFields() {
  return (
    <>
      <Divider titlePlacement="start">走失人员</Divider>
      <Form.List
        name={['missingPerson', 'persons']}
        rules={[
          {
            validator: async (_rule, persons?: MissingPerson[]) => {
              if (!persons?.length) throw new Error('至少填写一名走失人员');
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => {
              // One person keeps the plain labels; several are told apart by their number.
              const who = fields.length > 1 ? `走失人员${index + 1}` : '';
              return (
                <div key={field.key} data-testid="missing-person-row">
                  <Row gutter={16}>
                    <Col span={1} style={{ paddingTop: 30 }}>
                      {index + 1}.
                    </Col>
                    <Col span={6}>
                      <Form.Item label="姓名" name={[field.name, 'name']} rules={[{ required: true, message: '请填写姓名' }]}>
                        <Input maxLength={50} aria-label={`${who}姓名`} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item label="性别" name={[field.name, 'sex']} rules={[{ required: true, message: '请选择性别' }]}>
                        <Select options={SEX_OPTIONS} aria-label={`${who}性别`} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item label="年龄" name={[field.name, 'age']} rules={[{ required: true, message: '请填写年龄' }]}>
                        <InputNumber min={0} max={130} style={{ width: '100%' }} aria-label={`${who}年龄`} />
                      </Form.Item>
                    </Col>
                    <Col span={5}>
                      <Form.Item label="身高（厘米）" name={[field.name, 'heightCm']}>
                        <InputNumber min={30} max={250} style={{ width: '100%' }} aria-label={`${who}身高（厘米）`} />
                      </Form.Item>
                    </Col>
                    <Col span={2} style={{ paddingTop: 30 }}>
                      {fields.length > 1 && (
                        <Button type="link" danger onClick={() => remove(field.name)} aria-label={`删除${who}`}>
                          删除
                        </Button>
                      )}
                    </Col>
                  </Row>
                  <Row gutter={16}>
                    <Col span={11} offset={1}>
                      <Form.Item label="衣着" name={[field.name, 'clothing']}>
                        <Input maxLength={200} aria-label={`${who}衣着`} />
                      </Form.Item>
                    </Col>
                    <Col span={10}>
                      <Form.Item label="特殊情况" name={[field.name, 'vulnerabilities']}>
                        <Select mode="multiple" options={VULNERABILITY_OPTIONS} aria-label={`${who}特殊情况`} />
                      </Form.Item>
                    </Col>
                  </Row>
                </div>
              );
            })}
            <Form.Item>
              <Button onClick={() => add({})} disabled={fields.length >= MAX_MISSING_PERSONS}>
                添加走失人员（最多 {MAX_MISSING_PERSONS} 人）
              </Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          </>
        )}
      </Form.List>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="最后出现时间" name={['missingPerson', 'lastSeen', 'at']} rules={[{ required: true, message: '请填写时间' }]}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item label="最后出现地点" name={['missingPerson', 'lastSeen', 'place']} rules={[{ required: true, message: '请填写地点' }]}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="地点纬度" name={['missingPerson', 'lastSeen', 'latitude']} rules={[{ required: true, message: '请填写纬度' }]}>
            <InputNumber min={-90} max={90} step={0.01} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="地点经度" name={['missingPerson', 'lastSeen', 'longitude']} rules={[{ required: true, message: '请填写经度' }]}>
            <InputNumber min={-180} max={180} step={0.01} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            label="家属联系电话"
            name={['missingPerson', 'guardianContact']}
            rules={[{ required: true, message: '请填写联系电话' }]}
          >
            <Input maxLength={32} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="案件编号（如有）" name={['missingPerson', 'caseNumber']}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function WantedFields() {
  return (
    <>
      <Divider titlePlacement="start">犯罪嫌疑人</Divider>
      <Form.List
        name={['wanted', 'suspects']}
        rules={[
          {
            validator: async (_rule, suspects?: Suspect[]) => {
              if (!suspects?.length) throw new Error('至少填写一名犯罪嫌疑人');
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((field, index) => (
              <Row gutter={16} key={field.key} data-testid="suspect-row">
                <Col span={1} style={{ paddingTop: 30 }}>
                  {index + 1}.
                </Col>
                <Col span={6}>
                  <Form.Item label="姓名" name={[field.name, 'name']} rules={[{ required: true, message: '请填写姓名' }]}>
                    <Input maxLength={50} aria-label={`嫌疑人${index + 1}姓名`} />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item label="性别" name={[field.name, 'sex']} rules={[{ required: true, message: '请选择性别' }]}>
                    <Select options={SEX_OPTIONS} aria-label={`嫌疑人${index + 1}性别`} />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item
                    label="身份证号"
                    name={[field.name, 'idNumber']}
                    rules={[residentIdRule()]}
                    validateTrigger="onChange"
                    extra={index === 0 ? '只存于本系统；发布的文字中会遮挡中间位数' : undefined}
                  >
                    <Input maxLength={18} />
                  </Form.Item>
                </Col>
                <Col span={2} style={{ paddingTop: 30 }}>
                  {fields.length > 1 && (
                    <Button type="link" danger onClick={() => remove(field.name)}>
                      删除
                    </Button>
                  )}
                </Col>
              </Row>
            ))}
            <Form.Item>
              <Button onClick={() => add({ sex: 'male' })} disabled={fields.length >= MAX_SUSPECTS}>
                添加嫌疑人（最多 {MAX_SUSPECTS} 人）
              </Button>
              <Form.ErrorList errors={errors} />
            </Form.Item>
          </>
        )}
      </Form.List>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="涉嫌罪名" name={['wanted', 'offence']} rules={[{ required: true, message: '请填写罪名' }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="案件编号" name={['wanted', 'caseNumber']} rules={[{ required: true, message: '请填写案件编号' }]}>
            <Input maxLength={64} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="线索电话" name={['wanted', 'contactLine']} rules={[{ required: true, message: '请填写电话' }]}>
            <Input maxLength={32} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="最后活动地点" name={['wanted', 'lastKnownWhereabouts']} rules={[{ required: true, message: '请填写地点' }]}>
        <Input maxLength={300} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="悬赏金额（元）" name={['wanted', 'reward', 'amountCny']}>
            <InputNumber min={0} max={100_000_000} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item label="危险提示" name={['wanted', 'dangerWarning']}>
            <Input maxLength={200} />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}

function ReportFields() {
  return (
    <>
      <Divider titlePlacement="start">征集线索</Divider>
      <Row gutter={16}>
        <Col span={8}>
          <Form.Item label="领域" name={['report', 'topic']} rules={[{ required: true, message: '请选择领域' }]}>
            <Select options={TOPIC_OPTIONS} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item label="截止时间" name={['report', 'deadline']} rules={[{ required: true, message: '请填写截止时间' }]}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item label="征集内容" name={['report', 'sought']} rules={[{ required: true, message: '请填写征集内容' }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item label="奖励办法" name={['report', 'rewardRules']} rules={[{ required: true, message: '请填写奖励办法' }]}>
        <Input.TextArea rows={2} />
      </Form.Item>
    </>
  );
}
