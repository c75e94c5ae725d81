//===- KMeans.cpp - 1-D k-means clustering for weight sharing -------------===//
#include "compress/Utils/KMeans.h"
