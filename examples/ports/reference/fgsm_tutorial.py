# -*- coding: utf-8 -*-
"""
Adversarial Example Generation
==============================

**Author:** `Nathan Inkawhich <https://github.com/inkawhich>`__

pytorch/tutorials beginner_source/fgsm_tutorial.py (the Fast Gradient Sign Attack on an MNIST LeNet),
retyped as the reference for examples/ports/fgsm_tutorial.ts. Changed, the same in the port:
- The tutorial loads a pretrained LeNet (data/lenet_mnist_model.pth, a download). With --train, both sides
  first train the tutorial's Net for one epoch on the MNIST training images (batch 64, SGD lr 0.01 momentum
  0.5, nll_loss: pytorch/examples mnist of that time, which trained that model) and save it to
  pretrained_model; the tutorial's load_state_dict(torch.load(pretrained_model)) then reads it.
- MNIST is read from --data (torchvision's layout, <data>/MNIST/raw/*-ubyte; the tutorial's '../data',
  downloaded): the MNIST-like stand-in of test/python/ports_data.py (gray 28x28 CIFAR-10 images).
- The tutorial seeds nothing: --seed (default 42) calls torch.manual_seed first.
- No matplotlib: the two plots (accuracy vs epsilon, the adversarial examples) are dropped; the
  accuracies and examples are still collected as in the tutorial.
The tutorial's prose is summarised.
   /usr/bin/python3 examples/ports/reference/fgsm_tutorial.py --data DIR --train [--seed 42]
"""
from __future__ import print_function
import argparse
import os
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torchvision import datasets, transforms
import numpy as np

parser = argparse.ArgumentParser(description='Adversarial Example Generation')
parser.add_argument('--data', default='../data', help='the folder holding MNIST/raw/ (default: ../data)')
parser.add_argument('--train', action='store_true', default=False,
                    help='train the Net for one epoch and save it as the pretrained model first')
parser.add_argument('--seed', type=int, default=42, help='random seed (default: 42)')
args = parser.parse_args()
torch.manual_seed(args.seed)


######################################################################
# Implementation
# --------------
#
# Inputs
# ~~~~~~
#
# -  **epsilons** - the epsilon values to run (0: the model on the original test set; the data range is
#    [0, 1], so no epsilon exceeds 1).
# -  **pretrained_model** - the MNIST model trained with pytorch/examples/mnist (here: --train).
# -  **use_cuda** - use CUDA if desired and available.

epsilons = [0, .05, .1, .15, .2, .25, .3]
pretrained_model = "data/lenet_mnist_model.pth"
use_cuda=True


######################################################################
# Model Under Attack
# ~~~~~~~~~~~~~~~~~~
#
# The Net and the test dataloader of pytorch/examples/mnist.

# LeNet Model definition
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)

# MNIST Test dataset and dataloader declaration
test_loader = torch.utils.data.DataLoader(
    datasets.MNIST(args.data, train=False, transform=transforms.Compose([
            transforms.ToTensor(),
            ])),
        batch_size=1, shuffle=True)

# Define what device we are using
print("CUDA Available: ",torch.cuda.is_available())
device = torch.device("cuda" if (use_cuda and torch.cuda.is_available()) else "cpu")

# Not in the tutorial (--train): the pretrained model, trained here for one epoch as pytorch/examples
# mnist trained it then (batch 64, SGD lr 0.01 momentum 0.5, nll_loss), and saved where the tutorial loads it.
if args.train:
    train_loader = torch.utils.data.DataLoader(
        datasets.MNIST(args.data, train=True, transform=transforms.Compose([
                transforms.ToTensor(),
                ])),
            batch_size=64, shuffle=True)
    net = Net().to(device)
    optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.5)
    net.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = net(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % 10 == 0:
            print('Train: [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(
                batch_idx * len(data), len(train_loader.dataset),
                100. * batch_idx / len(train_loader), loss.item()))
    os.makedirs(os.path.dirname(pretrained_model), exist_ok=True)
    torch.save(net.state_dict(), pretrained_model)

# Initialize the network
model = Net().to(device)

# Load the pretrained model
model.load_state_dict(torch.load(pretrained_model, map_location='cpu'))

# Set the model in evaluation mode. In this case this is for the Dropout layers
model.eval()


######################################################################
# FGSM Attack
# ~~~~~~~~~~~
#
# perturbed_image = image + epsilon * sign(data_grad), clipped to [0, 1].

# FGSM attack code
def fgsm_attack(image, epsilon, data_grad):
    # Collect the element-wise sign of the data gradient
    sign_data_grad = data_grad.sign()
    # Create the perturbed image by adjusting each pixel of the input image
    perturbed_image = image + epsilon*sign_data_grad
    # Adding clipping to maintain [0,1] range
    perturbed_image = torch.clamp(perturbed_image, 0, 1)
    # Return the perturbed image
    return perturbed_image


######################################################################
# Testing Function
# ~~~~~~~~~~~~~~~~
#
# For each test image the model classifies correctly: the gradient of the loss w.r.t. the image, the
# perturbed image, and whether the model still classifies it correctly; some adversarial examples are kept.

def test( model, device, test_loader, epsilon ):

    # Accuracy counter
    correct = 0
    adv_examples = []

    # Loop over all examples in test set
    for data, target in test_loader:

        # Send the data and label to the device
        data, target = data.to(device), target.to(device)

        # Set requires_grad attribute of tensor. Important for Attack
        data.requires_grad = True

        # Forward pass the data through the model
        output = model(data)
        init_pred = output.max(1, keepdim=True)[1] # get the index of the max log-probability

        # If the initial prediction is wrong, dont bother attacking, just move on
        if init_pred.item() != target.item():
            continue

        # Calculate the loss
        loss = F.nll_loss(output, target)

        # Zero all existing gradients
        model.zero_grad()

        # Calculate gradients of model in backward pass
        loss.backward()

        # Collect datagrad
        data_grad = data.grad.data

        # Call FGSM Attack
        perturbed_data = fgsm_attack(data, epsilon, data_grad)

        # Re-classify the perturbed image
        output = model(perturbed_data)

        # Check for success
        final_pred = output.max(1, keepdim=True)[1] # get the index of the max log-probability
        if final_pred.item() == target.item():
            correct += 1
            # Special case for saving 0 epsilon examples
            if (epsilon == 0) and (len(adv_examples) < 5):
                adv_ex = perturbed_data.squeeze().detach().cpu().numpy()
                adv_examples.append( (init_pred.item(), final_pred.item(), adv_ex) )
        else:
            # Save some adv examples for visualization later
            if len(adv_examples) < 5:
                adv_ex = perturbed_data.squeeze().detach().cpu().numpy()
                adv_examples.append( (init_pred.item(), final_pred.item(), adv_ex) )

    # Calculate final accuracy for this epsilon
    final_acc = correct/float(len(test_loader))
    print("Epsilon: {}\tTest Accuracy = {} / {} = {}".format(epsilon, correct, len(test_loader), final_acc))

    # Return the accuracy and an adversarial example
    return final_acc, adv_examples


######################################################################
# Run Attack
# ~~~~~~~~~~

accuracies = []
examples = []

# Run test for each epsilon
for eps in epsilons:
    acc, ex = test(model, device, test_loader, eps)
    accuracies.append(acc)
    examples.append(ex)


######################################################################
# Results
# -------
#
# The accuracy vs epsilon plot and the plot of the adversarial examples (matplotlib) are dropped: no
# display here. The examples' "original classification -> adversarial classification" titles:
for i in range(len(epsilons)):
    print("Eps: {}: {}".format(epsilons[i], ", ".join("{} -> {}".format(orig, adv) for orig, adv, ex in examples[i])))
