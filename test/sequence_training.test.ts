// Language-model training with the sequence layers, written as pytorch/examples' word_language_model
// writes it (embedding, LSTM or causal TransformerEncoder, decoder, truncated BPTT with detached
// hidden state, clip_grad_norm_, SGD) on a fixed random token stream: every step's loss and the final
// weights must equal PyTorch's for the same program, dropout included.
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn, optim, type Tensor } from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const [NTOKEN, NINP, NHID, BATCH, BPTT, STEPS] = [50, 16, 32, 4, 7, 12];

class RNNModel extends nn.Module {
  drop = new nn.Dropout(0.2);
  encoder = new nn.Embedding(NTOKEN, NINP);
  rnn = new nn.LSTM(NINP, NHID, 2, { dropout: 0.2 }); // nn.LSTM(ninp, nhid, nlayers, dropout=dropout)
  decoder = new nn.Linear(NHID, NTOKEN);
  forward(input: Tensor, hidden: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const emb = this.drop.call(this.encoder.call(input));
    const [output, h] = this.rnn.forward(emb, hidden);
    return [this.decoder.call(this.drop.call(output)).view([-1, NTOKEN]), h];
  }
}

class TransformerModel extends nn.Module {
  encoder = new nn.Embedding(NTOKEN, NINP);
  transformerEncoder = new nn.TransformerEncoder(new nn.TransformerEncoderLayer(NINP, 2, NHID, 0.2), 2);
  decoder = new nn.Linear(NINP, NTOKEN);
  forward(src: Tensor): Tensor {
    const mask = nn.Transformer.generateSquareSubsequentMask(src.size(0));
    const x = this.encoder.call(src).mul(Math.sqrt(NINP));
    return this.decoder.call(this.transformerEncoder.forward(x, { mask })).view([-1, NTOKEN]);
  }
}

const PY = `
import math, torch, torch.nn as nn
NTOKEN, NINP, NHID, BATCH, BPTT, STEPS = ${NTOKEN}, ${NINP}, ${NHID}, ${BATCH}, ${BPTT}, ${STEPS}
class RNNModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.drop = nn.Dropout(0.2)
        self.encoder = nn.Embedding(NTOKEN, NINP)
        self.rnn = nn.LSTM(NINP, NHID, 2, dropout=0.2)
        self.decoder = nn.Linear(NHID, NTOKEN)
    def forward(self, input, hidden):
        emb = self.drop(self.encoder(input))
        output, hidden = self.rnn(emb, hidden)
        return self.decoder(self.drop(output)).view(-1, NTOKEN), hidden
class TransformerModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = nn.Embedding(NTOKEN, NINP)
        self.transformer_encoder = nn.TransformerEncoder(nn.TransformerEncoderLayer(NINP, 2, NHID, 0.2), 2)
        self.decoder = nn.Linear(NINP, NTOKEN)
    def forward(self, src):
        mask = nn.Transformer.generate_square_subsequent_mask(src.size(0))
        x = self.encoder(src) * math.sqrt(NINP)
        return self.decoder(self.transformer_encoder(x, mask)).view(-1, NTOKEN)
torch.manual_seed(0)
data = torch.randint(0, NTOKEN, (BATCH * (BPTT * STEPS + 1),)).view(BATCH, -1).t().contiguous()
torch.manual_seed(1)
model = RNNModel() if kind == "lstm" else TransformerModel()
opt = torch.optim.SGD(model.parameters(), lr=0.5)
crit = nn.CrossEntropyLoss()
model.train()
hidden = (torch.zeros(2, BATCH, NHID), torch.zeros(2, BATCH, NHID))
losses = []
for i in range(0, BPTT * STEPS, BPTT):
    x, y = data[i:i + BPTT], data[i + 1:i + 1 + BPTT].reshape(-1)
    opt.zero_grad()
    if kind == "lstm":
        hidden = tuple(h.detach() for h in hidden)
        out, hidden = model(x, hidden)
    else:
        out = model(x)
    loss = crit(out, y)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 0.25)
    opt.step()
    losses.append(loss.item())
out = {"losses": losses, "state": dict(model.state_dict())}
`;

describe("word_language_model-style training against PyTorch", () => {
  it.each([["lstm"], ["transformer"]])("%s: every step's loss and the final weights are PyTorch's", async (kind) => {
    torch.manualSeed(0);
    const data = torch
      .randint(0, NTOKEN, [BATCH * (BPTT * STEPS + 1)])
      .view([BATCH, -1])
      .t()
      .contiguous();
    torch.manualSeed(1);
    const model = kind === "lstm" ? new RNNModel() : new TransformerModel();
    const opt = new optim.SGD(model.parameters(), { lr: 0.5 });
    const crit = new nn.CrossEntropyLoss();
    model.train();
    let hidden: [Tensor, Tensor] = [torch.zeros([2, BATCH, NHID]), torch.zeros([2, BATCH, NHID])];
    const losses: number[] = [];
    for (let i = 0; i < BPTT * STEPS; i += BPTT) {
      const x = data.narrow(0, i, BPTT);
      const y = data.narrow(0, i + 1, BPTT).reshape([-1]);
      opt.zeroGrad();
      let out: Tensor;
      if (model instanceof RNNModel) {
        hidden = [hidden[0].detach(), hidden[1].detach()];
        [out, hidden] = model.forward(x, hidden);
      } else out = (model as TransformerModel).forward(x);
      const loss = crit.forward(out, y);
      loss.backward();
      nn.utils.clipGradNorm_(model.parameters(), 0.25);
      opt.step();
      losses.push(Number(loss.item()));
    }
    const ref = (await py.eval(PY, { kind })) as { losses: number[]; state: Record<string, Tensor> };
    expect(losses).toEqual(ref.losses);
    const state = model.stateDict();
    // torchts names the TS field transformerEncoder; PyTorch's attribute is transformer_encoder.
    const keys = Object.keys(state).map((k) => k.replace("transformerEncoder", "transformer_encoder"));
    expect(keys).toEqual(Object.keys(ref.state));
    for (const [k, v] of Object.entries(state))
      expectTensor(v, ref.state[k.replace("transformerEncoder", "transformer_encoder")], {}, k);
    expect(losses[STEPS - 1]).toBeLessThan(losses[0]!);
  });
});
