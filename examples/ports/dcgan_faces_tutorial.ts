// A port of PyTorch's DCGAN tutorial (pytorch/tutorials, beginner_source/dcgan_faces_tutorial.py, by
// Nathan Inkawhich), line by line with torchts: the DCGAN generator and discriminator, weights_init,
// BCELoss, Adam(lr 0.0002, betas (0.5, 0.999)) on both nets, the fixed_noise progress grids.
// Differences, the same in the Python reference (examples/ports/reference/dcgan_faces_tutorial.py):
// the ImageFolder is read from --dataroot (CelebA in the tutorial; here the CIFAR-10 JPEGs' train/
// folder, 32x32 images resized to 64x64 by Pillow's bilinear filter); flags for a brief CPU run, each
// the tutorial's constant by default: --dataroot, --workers, --batch-size, --ngf, --ndf, --num-epochs,
// --seed (manualSeed); random.seed(manualSeed) seeds Python's own generator, which nothing here draws
// from, and has no torchts counterpart (a comment below); there is no matplotlib here, so what the
// tutorial plots (the training images, G_losses and D_losses, img_list, real vs fake) is saved with
// torch.save to ./dcgan_plots.pt, and the trained nets' state dicts to ./netG.pth and ./netD.pth.
//   node dist/examples/ports/dcgan_faces_tutorial.js --dataroot /tmp/cifar10-jpeg/train [--num-epochs 5]
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, iter, len, next } from "./builtins";

const { nn, optim } = torch;
const dset = torch.data;
const { transforms } = torch.data;
const vutils = torch.data.utils;

const { values: args } = parseArgs({
  options: {
    dataroot: { type: "string", default: "data/celeba" },
    workers: { type: "string", default: "2" },
    "batch-size": { type: "string", default: "128" },
    ngf: { type: "string", default: "64" },
    ndf: { type: "string", default: "64" },
    "num-epochs": { type: "string", default: "5" },
    seed: { type: "string", default: "999" },
  },
});

// Set random seed for reproducibility
const manualSeed = Number(args.seed);
// manualSeed = random.randint(1, 10000) // use if you want new results
console.log("Random Seed: ", manualSeed);
// random.seed(manualSeed): Python's own generator; nothing here draws from it
torch.manualSeed(manualSeed);

// Inputs

// Root directory for dataset
const dataroot = args.dataroot;

// Number of workers for dataloader
const workers = Number(args.workers);

// Batch size during training
const batchSize = Number(args["batch-size"]);

// Spatial size of training images. All images will be resized to this
//   size using a transformer.
const imageSize = 64;

// Number of channels in the training images. For color images this is 3
const nc = 3;

// Size of z latent vector (i.e. size of generator input)
const nz = 100;

// Size of feature maps in generator
const ngf = Number(args.ngf);

// Size of feature maps in discriminator
const ndf = Number(args.ndf);

// Number of training epochs
const numEpochs = Number(args["num-epochs"]);

// Learning rate for optimizers
const lr = 0.0002;

// Beta1 hyperparam for Adam optimizers
const beta1 = 0.5;

// Number of GPUs available. Use 0 for CPU mode.
const ngpu = 1;

// Data

// We can use an image folder dataset the way we have it setup.
// Create the dataset
const dataset = new dset.ImageFolder(dataroot, {
  transform: new transforms.Compose([
    new transforms.Resize(imageSize),
    new transforms.CenterCrop(imageSize),
    new transforms.ToTensor(),
    new transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
  ]),
});
// Create the dataloader
const dataloader = new torch.utils.data.DataLoader(dataset, { batchSize, shuffle: true, numWorkers: workers });

// Decide which device we want to run on
const device = new torch.device(torch.cuda.isAvailable() && ngpu > 0 ? "cuda:0" : "cpu");

// Plot some training images
let realBatch = next(iter(dataloader));
// plt.imshow(np.transpose(vutils.make_grid(...).cpu(), (1, 2, 0))): saved below instead
const trainingImages = vutils.makeGrid(realBatch[0].to(device).index(":64"), { padding: 2, normalize: true }).cpu();

// Implementation

// m.weight / m.bias: a parameter of the module by name (Python's AttributeError where it has none)
function attr(m: torch.nn.Module, name: string): torch.nn.Parameter {
  const p = m.getParameter(name);
  if (p === null) throw new Error(`AttributeError: '${m.constructor.name}' object has no attribute '${name}'`);
  return p;
}

// custom weights initialization called on netG and netD
function weightsInit(m: torch.nn.Module): void {
  const classname = m.constructor.name;
  if (classname.includes("Conv")) {
    nn.init.normal_(attr(m, "weight").data, 0.0, 0.02);
  } else if (classname.includes("BatchNorm")) {
    nn.init.normal_(attr(m, "weight").data, 1.0, 0.02);
    nn.init.constant_(attr(m, "bias").data, 0);
  }
}

// Generator Code

class Generator extends nn.Module {
  ngpu: number;
  main: torch.nn.Sequential;
  constructor(ngpu: number) {
    super();
    this.ngpu = ngpu;
    this.main = new nn.Sequential(
      // input is Z, going into a convolution
      new nn.ConvTranspose2d(nz, ngf * 8, 4, { stride: 1, padding: 0, bias: false }),
      new nn.BatchNorm2d(ngf * 8),
      new nn.ReLU({ inplace: true }),
      // state size. (ngf*8) x 4 x 4
      new nn.ConvTranspose2d(ngf * 8, ngf * 4, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ngf * 4),
      new nn.ReLU({ inplace: true }),
      // state size. (ngf*4) x 8 x 8
      new nn.ConvTranspose2d(ngf * 4, ngf * 2, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ngf * 2),
      new nn.ReLU({ inplace: true }),
      // state size. (ngf*2) x 16 x 16
      new nn.ConvTranspose2d(ngf * 2, ngf, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ngf),
      new nn.ReLU({ inplace: true }),
      // state size. (ngf) x 32 x 32
      new nn.ConvTranspose2d(ngf, nc, 4, { stride: 2, padding: 1, bias: false }),
      new nn.Tanh(),
      // state size. (nc) x 64 x 64
    );
  }

  forward(input: torch.Tensor): torch.Tensor {
    return this.main.call(input);
  }
}

// Create the generator
const netG = new Generator(ngpu).to(device);

// Handle multi-gpu if desired
// if (device.type === "cuda" && ngpu > 1) netG = nn.DataParallel(netG, list(range(ngpu))): torchts has no DataParallel

// Apply the weights_init function to randomly initialize all weights
//  to mean=0, stdev=0.2.
netG.apply(weightsInit);

// Print the model
console.log(String(netG));

// Discriminator Code

class Discriminator extends nn.Module {
  ngpu: number;
  main: torch.nn.Sequential;
  constructor(ngpu: number) {
    super();
    this.ngpu = ngpu;
    this.main = new nn.Sequential(
      // input is (nc) x 64 x 64
      new nn.Conv2d(nc, ndf, 4, { stride: 2, padding: 1, bias: false }),
      new nn.LeakyReLU(0.2, true),
      // state size. (ndf) x 32 x 32
      new nn.Conv2d(ndf, ndf * 2, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ndf * 2),
      new nn.LeakyReLU(0.2, true),
      // state size. (ndf*2) x 16 x 16
      new nn.Conv2d(ndf * 2, ndf * 4, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ndf * 4),
      new nn.LeakyReLU(0.2, true),
      // state size. (ndf*4) x 8 x 8
      new nn.Conv2d(ndf * 4, ndf * 8, 4, { stride: 2, padding: 1, bias: false }),
      new nn.BatchNorm2d(ndf * 8),
      new nn.LeakyReLU(0.2, true),
      // state size. (ndf*8) x 4 x 4
      new nn.Conv2d(ndf * 8, 1, 4, { stride: 1, padding: 0, bias: false }),
      new nn.Sigmoid(),
    );
  }

  forward(input: torch.Tensor): torch.Tensor {
    return this.main.call(input);
  }
}

// Create the Discriminator
const netD = new Discriminator(ngpu).to(device);

// Handle multi-gpu if desired
// if (device.type === "cuda" && ngpu > 1) netD = nn.DataParallel(netD, list(range(ngpu))): torchts has no DataParallel

// Apply the weights_init function to randomly initialize all weights
//  to mean=0, stdev=0.2.
netD.apply(weightsInit);

// Print the model
console.log(String(netD));

// Loss Functions and Optimizers

// Initialize BCELoss function
const criterion = new nn.BCELoss();

// Create batch of latent vectors that we will use to visualize
//  the progression of the generator
const fixedNoise = torch.randn([64, nz, 1, 1], { device });

// Establish convention for real and fake labels during training
const realLabel = 1.0;
const fakeLabel = 0.0;

// Setup Adam optimizers for both G and D
const optimizerD = new optim.Adam(netD.parameters(), { lr, betas: [beta1, 0.999] });
const optimizerG = new optim.Adam(netG.parameters(), { lr, betas: [beta1, 0.999] });

// Training Loop

// Lists to keep track of progress
const imgList: torch.Tensor[] = [];
const GLosses: number[] = [];
const DLosses: number[] = [];
let iters = 0;

console.log("Starting Training Loop...");
// For each epoch
for (let epoch = 0; epoch < numEpochs; epoch++) {
  // For each batch in the dataloader
  for (const [i, data] of enumerate(dataloader, 0)) {
    ////////////////////////////
    // (1) Update D network: maximize log(D(x)) + log(1 - D(G(z)))
    ////////////////////////////
    // Train with all-real batch
    netD.zeroGrad();
    // Format batch
    const realCpu = data[0].to(device);
    const bSize = realCpu.size(0);
    const label = torch.full([bSize], realLabel, { dtype: "float32", device });
    // Forward pass real batch through D
    let output = netD.call(realCpu).view(-1);
    // Calculate loss on all-real batch
    const errDReal = criterion.call(output, label);
    // Calculate gradients for D in backward pass
    errDReal.backward();
    const D_x = Number(output.mean().item());

    // Train with all-fake batch
    // Generate batch of latent vectors
    const noise = torch.randn([bSize, nz, 1, 1], { device });
    // Generate fake image batch with G
    let fake = netG.call(noise);
    label.fill_(fakeLabel);
    // Classify all fake batch with D
    output = netD.call(fake.detach()).view(-1);
    // Calculate D's loss on the all-fake batch
    const errDFake = criterion.call(output, label);
    // Calculate the gradients for this batch
    errDFake.backward();
    const D_G_z1 = Number(output.mean().item());
    // Add the gradients from the all-real and all-fake batches
    const errD = errDReal.add(errDFake);
    // Update D
    optimizerD.step();

    ////////////////////////////
    // (2) Update G network: maximize log(D(G(z)))
    ////////////////////////////
    netG.zeroGrad();
    label.fill_(realLabel); // fake labels are real for generator cost
    // Since we just updated D, perform another forward pass of all-fake batch through D
    output = netD.call(fake).view(-1);
    // Calculate G's loss based on this output
    const errG = criterion.call(output, label);
    // Calculate gradients for G
    errG.backward();
    const D_G_z2 = Number(output.mean().item());
    // Update G
    optimizerG.step();

    // Output training stats
    if (i % 50 === 0) {
      const f = (v: number) => v.toFixed(4);
      console.log(
        `[${epoch}/${numEpochs}][${i}/${len(dataloader)}]\tLoss_D: ${f(Number(errD.item()))}\tLoss_G: ${f(Number(errG.item()))}\tD(x): ${f(D_x)}\tD(G(z)): ${f(D_G_z1)} / ${f(D_G_z2)}`,
      );
    }

    // Save Losses for plotting later
    GLosses.push(Number(errG.item()));
    DLosses.push(Number(errD.item()));

    // Check how the generator is doing by saving G's output on fixed_noise
    if (iters % 500 === 0 || (epoch === numEpochs - 1 && i === len(dataloader) - 1)) {
      fake = torch.noGrad(() => netG.call(fixedNoise).detach().cpu());
      imgList.push(vutils.makeGrid(fake, { padding: 2, normalize: true }));
    }

    iters += 1;
  }
}

// Results

// Loss versus training iteration: plt.plot(G_losses), plt.plot(D_losses)
// Visualization of G's progression: an animation of img_list
// Real Images vs. Fake Images

// Grab a batch of real images from the dataloader
realBatch = next(iter(dataloader));

// Plot the real images
const realImages = vutils.makeGrid(realBatch[0].to(device).index(":64"), { padding: 5, normalize: true }).cpu();

// Plot the fake images from the last epoch: img_list[-1]

// There is no matplotlib here: what the tutorial plots is saved, and the trained nets.
torch.save(
  {
    training_images: trainingImages,
    G_losses: torch.tensor(GLosses, { dtype: "float64" }),
    D_losses: torch.tensor(DLosses, { dtype: "float64" }),
    img_list: torch.stack(imgList),
    real_images: realImages,
  },
  "./dcgan_plots.pt",
);
torch.save(netG.stateDict(), "./netG.pth");
torch.save(netD.stateDict(), "./netD.pth");
