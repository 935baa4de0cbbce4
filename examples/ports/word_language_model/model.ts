// A port of pytorch/examples word_language_model/model.py, line by line with torchts: RNNModel (an
// Embedding, an LSTM, GRU or Elman RNN, a Linear decoder, optionally tied to the embedding),
// PositionalEncoding, and TransformerModel (an nn.Transformer whose encoder runs under a causal mask; its
// decoder is replaced by the Linear one). The reference: examples/ports/reference/word_language_model/model.py.
import * as torch from "torchts";
import { next, notNone } from "../builtins";

const { nn } = torch;
const F = nn.functional;

/** An RNN's hidden state: [h, c] for an LSTM, h otherwise. */
export type Hidden = torch.Tensor | [torch.Tensor, torch.Tensor];

/** self.rnn(emb, hidden): the LSTM takes and gives [h, c], the others h (a TypeError otherwise, as in Python). */
function runRnn(
  rnn: torch.nn.LSTM | torch.nn.GRU | torch.nn.RNN,
  input: torch.Tensor,
  hidden: Hidden,
): [torch.Tensor, Hidden] {
  if (rnn instanceof nn.LSTM) {
    if (hidden instanceof torch.Tensor) throw new TypeError("LSTM expects hx as a tuple of two tensors");
    return rnn.forward(input, hidden);
  }
  if (!(hidden instanceof torch.Tensor)) throw new TypeError(`${rnn.constructor.name} expects hx as a tensor`);
  return rnn.forward(input, hidden);
}

/** Container module with an encoder, a recurrent module, and a decoder. */
export class RNNModel extends nn.Module {
  ntoken: number;
  drop: torch.nn.Dropout;
  encoder: torch.nn.Embedding;
  rnn: torch.nn.LSTM | torch.nn.GRU | torch.nn.RNN;
  decoder: torch.nn.Linear;
  rnnType: string;
  nhid: number;
  nlayers: number;

  constructor(
    rnnType: string,
    ntoken: number,
    ninp: number,
    nhid: number,
    nlayers: number,
    dropout = 0.5,
    tieWeights = false,
  ) {
    super();
    this.ntoken = ntoken;
    this.drop = new nn.Dropout(dropout);
    this.encoder = new nn.Embedding(ntoken, ninp);
    if (rnnType === "LSTM" || rnnType === "GRU") {
      this.rnn = new { LSTM: nn.LSTM, GRU: nn.GRU }[rnnType](ninp, nhid, nlayers, { dropout });
    } else {
      const nonlinearity = ({ RNN_TANH: "tanh", RNN_RELU: "relu" } as const)[rnnType];
      if (nonlinearity === undefined)
        throw new Error(`ValueError: An invalid option for \`--model\` was supplied,
                                 options are ['LSTM', 'GRU', 'RNN_TANH' or 'RNN_RELU']`);
      this.rnn = new nn.RNN(ninp, nhid, nlayers, { nonlinearity, dropout });
    }
    this.decoder = new nn.Linear(nhid, ntoken);

    // Optionally tie weights as in:
    // "Using the Output Embedding to Improve Language Models" (Press & Wolf 2016)
    // https://arxiv.org/abs/1608.05859
    // and
    // "Tying Word Vectors and Word Classifiers: A Loss Framework for Language Modeling" (Inan et al. 2016)
    // https://arxiv.org/abs/1611.01462
    if (tieWeights) {
      if (nhid !== ninp) throw new Error("ValueError: When using the tied flag, nhid must be equal to emsize");
      this.decoder.weight = this.encoder.weight;
    }

    this.initWeights();

    this.rnnType = rnnType;
    this.nhid = nhid;
    this.nlayers = nlayers;
  }

  initWeights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.encoder.weight, -initrange, initrange);
    nn.init.zeros_(notNone(this.decoder.bias));
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  forward(input: torch.Tensor, hidden: Hidden): [torch.Tensor, Hidden] {
    const emb = this.drop.call(this.encoder.call(input));
    let output: torch.Tensor;
    [output, hidden] = runRnn(this.rnn, emb, hidden);
    output = this.drop.call(output);
    let decoded = this.decoder.call(output);
    decoded = decoded.view(-1, this.ntoken);
    return [F.logSoftmax(decoded, 1), hidden];
  }

  initHidden(bsz: number): Hidden {
    const weight = next(this.parameters()[Symbol.iterator]());
    if (this.rnnType === "LSTM") {
      return [weight.newZeros([this.nlayers, bsz, this.nhid]), weight.newZeros([this.nlayers, bsz, this.nhid])];
    } else {
      return weight.newZeros([this.nlayers, bsz, this.nhid]);
    }
  }
}

// Temporarily leave PositionalEncoding module here. Will be moved somewhere else.
/**
 * Inject some information about the relative or absolute position of the tokens in the sequence.
 * The positional encodings have the same dimension as the embeddings, so that the two can be summed.
 * Here, we use sine and cosine functions of different frequencies.
 *   PosEncoder(pos, 2i) = sin(pos/10000^(2i/d_model))
 *   PosEncoder(pos, 2i+1) = cos(pos/10000^(2i/d_model))
 *   where pos is the word position and i is the embed idx)
 * Args:
 *   dModel: the embed dim (required).
 *   dropout: the dropout value (default=0.1).
 *   maxLen: the max. length of the incoming sequence (default=5000).
 * Examples:
 *   const posEncoder = new PositionalEncoding(dModel)
 */
export class PositionalEncoding extends nn.Module {
  dropout: torch.nn.Dropout;
  declare pe: torch.Tensor;

  constructor(dModel: number, dropout = 0.1, maxLen = 5000) {
    super();
    this.dropout = new nn.Dropout(dropout);

    let pe = torch.zeros([maxLen, dModel]);
    const position = torch.arange(0, maxLen, { dtype: "float32" }).unsqueeze(1);
    const divTerm = torch.exp(
      torch
        .arange(0, dModel, 2)
        .float()
        .mul(-Math.log(10000.0) / dModel),
    );
    pe.indexPut_([":", "0::2"], torch.sin(position.mul(divTerm)));
    pe.indexPut_([":", "1::2"], torch.cos(position.mul(divTerm)));
    pe = pe.unsqueeze(0).transpose(0, 1);
    this.registerBuffer("pe", pe);
  }

  /**
   * Inputs of forward function
   * Args:
   *   x: the sequence fed to the positional encoder model (required).
   * Shape:
   *   x: [sequence length, batch size, embed dim]
   *   output: [sequence length, batch size, embed dim]
   * Examples:
   *   const output = posEncoder.call(x)
   */
  forward(x: torch.Tensor): torch.Tensor {
    x = x.add(this.pe.index(`:${x.size(0)}`, ":"));
    return this.dropout.call(x);
  }
}

/** Container module with an encoder, a recurrent or transformer module, and a decoder. */
export class TransformerModel extends nn.Transformer {
  declare encoder: torch.nn.TransformerEncoder;
  declare decoder: torch.nn.Linear;
  modelType: string;
  srcMask: torch.Tensor | null;
  // Submodules keep Python's attribute names: they are the state dict's keys (pos_encoder.pe, input_emb.weight).
  pos_encoder: PositionalEncoding;
  input_emb: torch.nn.Embedding;
  ninp: number;

  constructor(ntoken: number, ninp: number, nhead: number, nhid: number, nlayers: number, dropout = 0.5) {
    super({ dModel: ninp, nhead, dimFeedforward: nhid, numEncoderLayers: nlayers });
    this.modelType = "Transformer";
    this.srcMask = null;
    this.pos_encoder = new PositionalEncoding(ninp, dropout);

    this.input_emb = new nn.Embedding(ntoken, ninp);
    this.ninp = ninp;
    this.decoder = new nn.Linear(ninp, ntoken);

    this.initWeights();
  }

  _generateSquareSubsequentMask(sz: number): torch.Tensor {
    let mask = torch
      .triu(torch.ones([sz, sz]))
      .eq(1)
      .transpose(0, 1);
    mask = mask.float().maskedFill(mask.eq(0), Number.NEGATIVE_INFINITY).maskedFill(mask.eq(1), 0.0);
    return mask;
  }

  initWeights(): void {
    const initrange = 0.1;
    nn.init.uniform_(this.input_emb.weight, -initrange, initrange);
    nn.init.zeros_(notNone(this.decoder.bias));
    nn.init.uniform_(this.decoder.weight, -initrange, initrange);
  }

  // @ts-expect-error as in Python, the model's forward is (src, has_mask), not nn.Transformer's (src, tgt, masks)
  forward(src: torch.Tensor, hasMask = true): torch.Tensor {
    if (hasMask) {
      const device = src.device;
      if (this.srcMask === null || this.srcMask.size(0) !== src.size(0)) {
        const mask = this._generateSquareSubsequentMask(src.size(0)).to(device);
        this.srcMask = mask;
      }
    } else {
      this.srcMask = null;
    }

    src = this.input_emb.call(src).mul(Math.sqrt(this.ninp));
    src = this.pos_encoder.call(src);
    let output = this.encoder.call(src, { mask: this.srcMask });
    output = this.decoder.call(output);
    return F.logSoftmax(output, -1);
  }
}
